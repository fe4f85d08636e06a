using CrossBorder.Api.Infrastructure;
using Listing.Api.Infrastructure;
using Platform.Testing;
using RevenueSharing.Api.Infrastructure;
using Valuation.Api.Infrastructure;

namespace Gateway.Tests;

/// <summary>
/// The four services' endpoints (method, pattern, roles), read from the running services themselves: the source the
/// gateway's routes are generated from. /api/ and /.well-known/ endpoints.
/// </summary>
public static class ServiceEndpoints
{
    public sealed record Entry(string Cluster, string Method, string Pattern, IReadOnlyList<string> Roles, bool Anonymous, bool TakesBody);

    public static async Task<IReadOnlyList<Entry>> LoadAsync()
    {
        var vhost = await TestInfrastructure.NewVhostAsync("routes");
        var entries = new List<Entry>();
        entries.AddRange(await OfAsync<ListingDbContext>("listing", vhost));
        entries.AddRange(await OfAsync<ValuationDbContext>("valuation", vhost));
        entries.AddRange(await OfAsync<RevenueDbContext>("revenue-sharing", vhost));
        entries.AddRange(await OfAsync<CrossBorderDbContext>("cross-border", vhost));
        return entries;
    }

    private static async Task<IEnumerable<Entry>> OfAsync<TDbContext>(string cluster, Uri vhost) where TDbContext : Microsoft.EntityFrameworkCore.DbContext
    {
        await using var service = new ServiceFactory<TDbContext>(await TestInfrastructure.NewDatabaseAsync("routes"), vhost);
        await service.MigrateAsync();
        return EndpointCatalog.Of(service.Services, wellKnown: true).Select(e => new Entry(cluster, e.Method, e.Pattern, e.Roles, e.Anonymous, e.TakesBody)).ToList();
    }
}
