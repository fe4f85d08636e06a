using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Infrastructure;
using Listing.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Testing;
using RevenueSharing.Api.Infrastructure;
using Valuation.Api.Infrastructure;

namespace Gateway.Tests;

/// <summary>
/// The four services listening on loopback (real PostgreSQL and RabbitMQ) behind the gateway, with one deal's worth
/// of data of the university "fudan" and the exchange "STEX": the resources the tenant matrix probes as someone else.
/// </summary>
public sealed class PlatformBehindGateway : IAsyncLifetime
{
    public const string Collection = "platform behind the gateway";

    private const int FirstPort = 9201; // below 32768 (deploy/README.md, Ports); 91xx are the end-to-end tests'
    private readonly List<IAsyncDisposable> _services = [];
    /// <summary>The four services' databases, to show that a refused request wrote nothing.</summary>
    public List<string> Databases { get; } = [];
    public GatewayFactory Gateway { get; private set; } = null!;
    public ServiceFactory<RevenueDbContext> RevenueSharing { get; private set; } = null!;
    public ServiceFactory<CrossBorderDbContext> CrossBorder { get; private set; } = null!;

    public Guid InventionId { get; private set; }
    public Guid ListingId { get; private set; }
    public Guid DealId { get; private set; }
    public Guid AgreementDealId { get; private set; }
    public Guid ObjectionId { get; private set; }
    public Guid ReceiptId { get; private set; }
    public Guid CostId { get; private set; }
    public Guid PayoutId { get; private set; }
    public Guid PublicityId { get; private set; }
    public Guid SelfImplementationId { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public Guid DeliveryId { get; private set; }

    public HttpClient Client(string? role = null, string? org = null)
    {
        foreach (var database in Databases) TestTenants.Ensure(database, role, org);
        var client = Gateway.CreateClient();
        return role is null ? client : client.As(role, org);
    }

    /// <summary>Rows per table in the four databases; what background work changes on its own (consumed messages, webhook attempts) is left out.</summary>
    public async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var database in Databases)
        {
            await using var connection = await TestInfrastructure.OpenAsync(database);
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' " +
                "AND table_name NOT IN ('inbox_messages', 'webhook_attempts', '__EFMigrationsHistory', " +
                // The ledger's Merkle log and its signed heads (a leader job, every second here) and the tenant register (events).
                "'ledger_tree_nodes', 'ledger_signed_heads', 'registered_tenants')", connection))
            await using (var reader = await list.ExecuteReaderAsync())
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            foreach (var table in tables)
            {
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
                counts[$"{connection.Database}.{table}"] = (long)(await count.ExecuteScalarAsync())!;
            }
        }
        return counts;
    }

    /// <summary>
    /// The row counts once background work has stopped changing them: every outbox published and two counts a second
    /// apart equal. Another test's request may still be travelling (an event its consumer has not stored yet), and a
    /// count taken before it lands would blame the counting test for it.
    /// </summary>
    public async Task<Dictionary<string, long>> SettledRowCountsAsync()
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        Dictionary<string, long>? previous = null;
        while (true)
        {
            var counts = await UnpublishedEventsAsync() == 0 ? await RowCountsAsync() : null;
            if (counts is not null && previous is not null && counts.Count == previous.Count && !counts.Except(previous).Any()) return counts;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("The row counts did not settle within 60 s.");
            previous = counts;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private async Task<long> UnpublishedEventsAsync()
    {
        long unpublished = 0;
        foreach (var database in Databases)
        {
            await using var connection = await TestInfrastructure.OpenAsync(database);
            await using var count = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL AND failed_at IS NULL", connection);
            unpublished += (long)(await count.ExecuteScalarAsync())!;
        }
        return unpublished;
    }

    public async Task InitializeAsync()
    {
        var vhost = await TestInfrastructure.NewVhostAsync("matrix");
        await StartAsync<ListingDbContext>(vhost, FirstPort);
        await StartAsync<ValuationDbContext>(vhost, FirstPort + 1);
        RevenueSharing = await StartAsync<RevenueDbContext>(vhost, FirstPort + 2);
        CrossBorder = await StartAsync<CrossBorderDbContext>(vhost, FirstPort + 3);
        Gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["PLATFORM_RATE_LIMIT_PER_MINUTE"] = "1000000",
            ["ReverseProxy:Clusters:listing:Destinations:primary:Address"] = $"http://127.0.0.1:{FirstPort}/",
            ["ReverseProxy:Clusters:valuation:Destinations:primary:Address"] = $"http://127.0.0.1:{FirstPort + 1}/",
            ["ReverseProxy:Clusters:revenue-sharing:Destinations:primary:Address"] = $"http://127.0.0.1:{FirstPort + 2}/",
            ["ReverseProxy:Clusters:cross-border:Destinations:primary:Address"] = $"http://127.0.0.1:{FirstPort + 3}/",
        });
        await SeedAsync();
        await SettleLedgerLogAsync();
    }

    /// <summary>
    /// Waits until a signed head covers every seeded ledger entry and its ledger.head_signed is in the feed: after that
    /// nothing changes in the background, so the tests that count rows see only what their requests did.
    /// </summary>
    private async Task SettleLedgerLogAsync()
    {
        var entries = await RevenueSharing.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.LedgerEntries));
        var auditor = Client("auditor");
        await Eventually.TrueAsync(async () =>
        {
            var feed = System.Text.Json.Nodes.JsonNode.Parse(await auditor.GetStringAsync("/api/events?type=ledger.head_signed&limit=200"))!["items"]!.AsArray();
            return feed.Any(e => e!["data"]!["treeSize"]!.GetValue<long>() == entries);
        }, TimeSpan.FromSeconds(60), "a signed head over the seeded ledger, in the feed");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var s in _services) await s.DisposeAsync();
    }

    private async Task<ServiceFactory<TDbContext>> StartAsync<TDbContext>(Uri vhost, int port) where TDbContext : DbContext
    {
        var database = await TestInfrastructure.NewDatabaseAsync("matrix");
        Databases.Add(database);
        // Ledger heads are signed within a second here (the default waits for 1,000 entries or a minute).
        var service = new ServiceFactory<TDbContext>(database, vhost, new Dictionary<string, string?>
        {
            ["Ledger:Log:IntegrateInterval"] = "00:00:00.200", ["Ledger:Log:SignEvery"] = "00:00:01",
        });
        service.UseKestrel(port);
        await service.MigrateAsync();
        service.StartServer();
        _services.Add(service);
        return service;
    }

    private async Task SeedAsync()
    {
        var fudan = Client("university", "fudan");
        var stex = Client("exchange", "STEX");
        InventionId = await IdOf(fudan.PostAsJsonAsync("/api/inventions", new
        {
            title = "Matrix", @abstract = "a", field = "ai", trl = 5,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true, leadershipPost = false } },
            ipAssets = new[] { new { kind = "software_copyright" } }, rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        }));
        ListingId = await IdOf(fudan.PostAsJsonAsync("/api/listings", new
        {
            inventionId = InventionId, modes = new[] { "non_exclusive_licence" }, pricing = new { method = "exchange_listing" }, exchanges = new[] { "STEX" },
        }));
        Assert.Equal(HttpStatusCode.OK, (await fudan.PostAsync($"/api/listings/{ListingId}/publish", null)).StatusCode);
        await Eventually.TrueAsync(() => CrossBorder.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == ListingId && e.Exchange == "STEX" && e.Status == "listed")),
            what: "the listing on STEX");
        await Eventually.TrueAsync(() => RevenueSharing.WithDbAsync(db => db.Listings.AnyAsync(l => l.ListingId == ListingId)), what: "revenue-sharing's listing copy");

        // A public IP nothing answers on: deliveries to it fail, which is all the delivery log needs.
        SubscriptionId = await IdOf(stex.PostAsJsonAsync("/api/subscriptions", new { url = "https://192.0.2.10/hook", eventTypes = new[] { "deal.concluded" } }));
        DealId = await IdOf(stex.PostAsJsonAsync("/api/deals", new
        {
            listingId = ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        }));
        AgreementDealId = await IdOf(fudan.PostAsJsonAsync("/api/deals", new
        {
            listingId = ListingId, mode = "non_exclusive_licence", pricingMethod = "agreement",
            price = new { amount = "900.00", currency = "CNY" }, buyer = new { name = "Beta", country = "CN" },
        }));
        ObjectionId = await IdOf(stex.PostAsJsonAsync($"/api/deals/{AgreementDealId}/objections", new { reason = "Priced too low." }));
        DeliveryId = (Guid)await Eventually.GetAsync<object>(async () => await CrossBorder.WithDbAsync(db => db.WebhookDeliveries
            .Where(d => d.SubscriptionId == SubscriptionId).Select(d => (Guid?)d.Id).FirstOrDefaultAsync()), what: "the delivery");

        await Eventually.TrueAsync(async () => (await fudan.GetAsync($"/api/revenue/deals/{DealId}")).StatusCode == HttpStatusCode.OK, what: "the deal account");
        ReceiptId = await IdOf(stex.PostAsJsonAsync("/api/receipts", new
        {
            dealId = DealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "M-1",
        }));
        CostId = await IdOf(fudan.PostAsJsonAsync("/api/costs", new
        {
            dealId = DealId, category = "legal", amount = new { amount = "10.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow,
        }));
        PayoutId = Guid.Parse(JsonNode.Parse(await fudan.GetStringAsync($"/api/payouts?dealId={DealId}"))!["items"]![0]!["id"]!.GetValue<string>());
        PublicityId = await IdOf(fudan.PostAsJsonAsync($"/api/revenue/deals/{DealId}/publicity", new
        {
            persons = new[] { new { personId = "p-1", amount = new { amount = "10.00", currency = "CNY" } } },
            startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddDays(-5), reference = "notice",
        }));
        SelfImplementationId = await IdOf(fudan.PostAsJsonAsync("/api/self-implementations", new { listingId = ListingId }));
    }

    private static async Task<Guid> IdOf(Task<HttpResponseMessage> request)
    {
        var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>());
    }
}

[CollectionDefinition(PlatformBehindGateway.Collection)]
public sealed class PlatformBehindGatewayCollection : ICollectionFixture<PlatformBehindGateway>;
