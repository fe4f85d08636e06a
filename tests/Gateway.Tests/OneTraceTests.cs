using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Infrastructure;
using Listing.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// One trace from the gateway through RabbitMQ to the consumer: the gateway forwards to the listing service,
/// whose outbox relay publishes listing.published, which the cross-border service consumes. Every span is
/// caught by an in-memory exporter; the consumer's span must carry the gateway request's trace id.
/// </summary>
public class OneTraceTests
{
    [Fact]
    public async Task The_consumer_span_belongs_to_the_gateway_requests_trace()
    {
        var vhost = await TestInfrastructure.NewVhostAsync("trace");
        var gatewaySpans = new List<Activity>();
        var listingSpans = new List<Activity>();
        var crossBorderSpans = new List<Activity>();

        await using var crossBorder = new ServiceFactory<CrossBorderDbContext>(await TestInfrastructure.NewDatabaseAsync("trace"), vhost,
            configureServices: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(crossBorderSpans)));
        await crossBorder.MigrateAsync();
        _ = crossBorder.Server;

        const int listingPort = 9191; // below 32768: never an outgoing port (deploy/README.md, Ports)
        await using var listing = new ServiceFactory<ListingDbContext>(await TestInfrastructure.NewDatabaseAsync("trace"), vhost,
            configureServices: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(listingSpans)));
        listing.UseKestrel(listingPort);
        await listing.MigrateAsync();
        listing.StartServer();

        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:listing:Destinations:primary:Address"] = $"http://127.0.0.1:{listingPort}/",
        }, s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(gatewaySpans)));
        var client = gateway.CreateClient().As("university", "fudan");

        var invention = JsonNode.Parse(await (await client.PostAsJsonAsync("/api/inventions", new
        {
            title = "Traced", @abstract = "a", field = "ai", trl = 3,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = Array.Empty<object>(), rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        })).Content.ReadAsStringAsync())!;
        var created = await client.PostAsJsonAsync("/api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { "transfer" },
            pricing = new { method = "auction" }, exchanges = new[] { "STEX" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listingId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/listings/{listingId}/publish", null)).StatusCode);

        await Eventually.TrueAsync(() => crossBorder.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == Guid.Parse(listingId))),
            what: "the cross-border service to consume listing.published");

        var publish = await Eventually.GetAsync(() => Task.FromResult(Snapshot(gatewaySpans).FirstOrDefault(a =>
            a.Kind == ActivityKind.Server && a.GetTagItem("url.path") is string path && path.EndsWith("/publish", StringComparison.Ordinal))), what: "the gateway span");
        var consumed = await Eventually.GetAsync(() => Task.FromResult(Snapshot(crossBorderSpans).FirstOrDefault(a =>
            a.Kind == ActivityKind.Consumer && a.TraceId == publish.TraceId)), what: "a consumer span in the gateway request's trace");
        Assert.Equal("MassTransit", consumed.Source.Name);
        // …and the listing service's handling of that request sits in the same trace.
        Assert.Contains(Snapshot(listingSpans), a => a.Kind == ActivityKind.Server && a.TraceId == publish.TraceId);
    }

    /// <summary>The exporters append from other threads: copy until a copy is not torn by an append.</summary>
    private static List<Activity> Snapshot(List<Activity> spans)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return [.. spans]; }
            catch (Exception e) when (attempt < 10 && e is InvalidOperationException or ArgumentException) { Thread.Sleep(10); }
        }
    }
}
