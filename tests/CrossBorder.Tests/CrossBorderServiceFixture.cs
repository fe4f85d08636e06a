using CrossBorder.Api.Infrastructure;
using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace CrossBorder.Tests;

/// <summary>The cross-border service in-process on its own database and vhost of the real servers.</summary>
public sealed class CrossBorderServiceFixture : IAsyncLifetime
{
    public ServiceFactory<CrossBorderDbContext> Service { get; private set; } = null!;

    public HttpClient Client(string? role = null, string? org = null)
    {
        TestTenants.Ensure(Service.DatabaseConnectionString, role, org);
        var client = Service.CreateClient();
        return role is null ? client : client.As(role, org);
    }

    public async Task InitializeAsync() => Service = await ServiceFactory<CrossBorderDbContext>.StartAsync("xborder");

    public async Task DisposeAsync() => await Service.DisposeAsync();

    public Task<ListingSnapshot> PublishListingAsync(ListingSnapshot snapshot) => Service.PublishListingAsync(snapshot);
}

public static class CrossBorderServiceExtensions
{
    /// <summary>Publishes listing.published on RabbitMQ, as the listing service does, and waits for the placement.</summary>
    public static async Task<ListingSnapshot> PublishListingAsync(this ServiceFactory<CrossBorderDbContext> service, ListingSnapshot snapshot)
    {
        await service.Services.GetRequiredService<IBus>().Publish(new ListingPublished { OccurredAt = DateTimeOffset.UtcNow, Listing = snapshot });
        await Eventually.TrueAsync(() => service.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == snapshot.ListingId)),
            what: "the listing's placement");
        return snapshot;
    }
}
