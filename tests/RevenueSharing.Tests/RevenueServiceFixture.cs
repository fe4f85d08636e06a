using CrossBorder.Contracts;
using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Monetary;
using Platform.Testing;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Tests;

/// <summary>The revenue-sharing service in-process on its own database and vhost of the real servers.</summary>
public sealed class RevenueServiceFixture : IAsyncLifetime
{
    public ServiceFactory<RevenueDbContext> Service { get; private set; } = null!;

    public HttpClient Client(string? role = null, string? org = null)
    {
        TestTenants.Ensure(Service.DatabaseConnectionString, role, org);
        var client = Service.CreateClient();
        return role is null ? client : client.As(role, org);
    }

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the service, with test-only services (such as a fault point) when given.</summary>
    public async Task StartAsync(Action<IServiceCollection>? configureServices = null, IDictionary<string, string?>? settings = null) =>
        Service = await ServiceFactory<RevenueDbContext>.StartAsync("revenue", settings, configureServices);

    public async Task DisposeAsync() => await Service.DisposeAsync();

    /// <summary>Concludes a deal the way the cross-border service does: deal.concluded on RabbitMQ.</summary>
    public async Task<Guid> ConcludeDealAsync(IReadOnlyList<ContributorSnapshot> contributors, string university = "fudan",
        string exchange = "STEX", string buyerCountry = "CN", string exportClass = "free", RightsSnapshot? rights = null,
        IReadOnlyList<RegistrationSnapshot>? registrations = null, long? equityShares = null, DateTimeOffset? concludedAt = null)
    {
        var dealId = Guid.CreateVersion7();
        var bus = Service.Services.GetRequiredService<IBus>();
        await bus.Publish(new DealConcluded
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Deal = new DealSnapshot
            {
                Id = dealId, ListingId = Guid.CreateVersion7(), UniversityId = university, Exchange = exchange, Mode = equityShares is null ? "exclusive_licence" : "equity",
                PricingMethod = "exchange_listing", Price = Money.Cny(1_000_000m), Buyer = new BuyerSnapshot { Name = "Acme", Country = buyerCountry },
                CrossBorder = buyerCountry != "CN", Status = "concluded", ConcludedAt = concludedAt ?? DateTimeOffset.UtcNow, Registrations = registrations ?? [], Flags = [],
                ExportControlClass = exportClass, Rights = rights ?? new RightsSnapshot { Model = "unit_owned" },
                IpAssets = [new IpAssetSnapshot { Kind = "patent" }], Contributors = contributors, DealVersion = 1,
                Equity = equityShares is null ? null : new EquitySnapshot { TotalShares = equityShares.Value },
            },
        });
        await Eventually.TrueAsync(() => Service.WithDbAsync(db => db.Accounts.AnyAsync(a => a.DealId == dealId)), what: "the deal account");
        return dealId;
    }

    /// <summary>Publishes a listing the way the listing service does: listing.published on RabbitMQ.</summary>
    public async Task<Guid> PublishListingAsync(IReadOnlyList<ContributorSnapshot> contributors, string university = "fudan")
    {
        var listingId = Guid.CreateVersion7();
        await Service.Services.GetRequiredService<IBus>().Publish(new ListingPublished
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Listing = new ListingSnapshot
            {
                ListingId = listingId, InventionId = Guid.CreateVersion7(), UniversityId = university, Status = "published", Title = "Catalyst",
                Field = "chemistry", Trl = 6, Modes = ["transfer"], Pricing = new PricingSnapshot { Method = "agreement" }, Exchanges = ["STEX"],
                ExportControl = new ExportControlSnapshot { Class = "free" }, Rights = new RightsSnapshot { Model = "unit_owned" },
                IpAssets = [new IpAssetSnapshot { Kind = "patent" }], Contributors = contributors, Version = 1,
            },
        });
        await Eventually.TrueAsync(() => Service.WithDbAsync(db => db.Listings.AnyAsync(l => l.ListingId == listingId)), what: "the listing copy");
        return listingId;
    }
}
