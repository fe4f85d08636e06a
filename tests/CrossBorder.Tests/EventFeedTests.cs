using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Domain;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using RevenueSharing.Contracts;

namespace CrossBorder.Tests;

/// <summary>services/CrossBorder/README.md §8: the event feed (30 days, cursor, type filter) and who sees what; webhook URLs and SSRF.</summary>
public class EventFeedTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    private async Task<List<JsonNode>> FeedAsync(HttpClient client, string query = "")
    {
        // Small pages, to walk the cursor.
        var items = new List<JsonNode>();
        var url = $"/api/events?limit=3{query.Replace('?', '&')}";
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await client.GetStringAsync(cursor is null ? url : $"{url}&cursor={cursor}"))!;
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }

    private static IEnumerable<string> Of(IEnumerable<JsonNode> events, Guid listingId) => events
        .Where(e => e["data"]!["listingId"]?.GetValue<string>() == listingId.ToString())
        .Select(e => e["type"]!.GetValue<string>());

    [Fact]
    public async Task An_exchange_sees_only_events_of_listings_listed_on_it_and_the_auditor_sees_all()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["STEX"], assetKind: "software_copyright"));
        var deal = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        });
        Assert.Equal(HttpStatusCode.Created, deal.StatusCode);
        var dealId = Guid.Parse(JsonNode.Parse(await deal.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        await fixture.Service.Services.GetRequiredService<IBus>().Publish(new ReceiptRecorded
        {
            OccurredAt = DateTimeOffset.UtcNow, DealId = dealId, ReceiptId = Guid.NewGuid(), Entries = [],
            Head = new LedgerHeadSnapshot { Sequence = 1, Hash = new string('0', 64) },
        });
        await Eventually.TrueAsync(async () => (await FeedAsync(fixture.Client("auditor"), "?type=receipt.recorded"))
            .Any(e => e["data"]!["dealId"]!.GetValue<string>() == dealId.ToString()), what: "the receipt in the auditor's feed");

        var stex = await FeedAsync(fixture.Client("exchange", "STEX"));
        Assert.Equal(["listing.published", "deal.concluded"], Of(stex, listing.ListingId));
        Assert.All(stex, e => Assert.Null(e["data"]!["contributors"]));
        Assert.DoesNotContain(stex, e => FeedEventTypes.ForAuditorsOnly.Contains(e["type"]!.GetValue<string>()));
        Assert.Empty(Of(await FeedAsync(fixture.Client("exchange", "SHIPX")), listing.ListingId));
        var auditor = await FeedAsync(fixture.Client("auditor"));
        Assert.Contains(auditor, e => e["type"]!.GetValue<string>() == "receipt.recorded" && e["data"]!["dealId"]!.GetValue<string>() == dealId.ToString());

        // Oldest first, a type filter, and a resume point after the last event seen.
        var concluded = await FeedAsync(fixture.Client("exchange", "STEX"), "?type=deal.concluded");
        Assert.All(concluded, e => Assert.Equal("deal.concluded", e["type"]!.GetValue<string>()));
        var firstId = stex[0]["id"]!.GetValue<string>();
        var after = JsonNode.Parse(await fixture.Client("exchange", "STEX").GetStringAsync($"/api/events?cursor={firstId}&limit=200"))!["items"]!.AsArray();
        Assert.Equal(stex.Count - 1, after.Count);
    }

    [Fact]
    public async Task A_withdrawal_reaches_the_exchanges_the_listing_was_on()
    {
        var listing = await fixture.PublishListingAsync(Snapshots.Listing(exchanges: ["SHIPX"], assetKind: "software_copyright"));
        await fixture.Service.Services.GetRequiredService<IBus>().Publish(new Listing.Contracts.ListingWithdrawn
        {
            OccurredAt = DateTimeOffset.UtcNow, Listing = listing with { Status = "withdrawn", Version = listing.Version + 1 },
        });
        await Eventually.TrueAsync(async () => Of(await FeedAsync(fixture.Client("exchange", "SHIPX")), listing.ListingId).Contains("listing.withdrawn"),
            what: "the withdrawal in SHIPX's feed");

        // Once off the exchange, later events of the listing are not the exchange's any more.
        await fixture.Service.Services.GetRequiredService<IBus>().Publish(new Listing.Contracts.ListingUpdated
        {
            OccurredAt = DateTimeOffset.UtcNow, Listing = listing with { Status = "withdrawn", Title = "Renamed", Version = listing.Version + 2 },
        });
        await Eventually.TrueAsync(async () => Of(await FeedAsync(fixture.Client("auditor")), listing.ListingId).Contains("listing.updated"),
            what: "the update in the auditor's feed");
        Assert.DoesNotContain("listing.updated", Of(await FeedAsync(fixture.Client("exchange", "SHIPX")), listing.ListingId));
    }

    [Fact]
    public async Task The_feed_keeps_30_days_and_shows_an_event_once_it_has_settled()
    {
        var now = DateTimeOffset.UtcNow;
        FeedEvent Event(TimeSpan age) => new()
        {
            Id = Guid.CreateVersion7(), Type = "deal.cancelled", OccurredAt = now - age, RecordedAt = now - age, Data = "{}", VisibleTo = ["STEX"],
        };
        var (old, settled, fresh) = (Event(TimeSpan.FromDays(31)), Event(TimeSpan.FromMinutes(1)), Event(TimeSpan.FromSeconds(-10)));
        await fixture.Service.WithDbAsync(async db => { db.FeedEvents.AddRange(old, settled, fresh); return await db.SaveChangesAsync(); });

        var ids = (await FeedAsync(fixture.Client("exchange", "STEX"), "?type=deal.cancelled")).Select(e => e["id"]!.GetValue<string>()).ToList();
        Assert.Contains(settled.Id.ToString(), ids);
        Assert.DoesNotContain(old.Id.ToString(), ids);   // older than 30 days
        // Not settled yet (recorded "10 s from now", so a slow machine still reads before it settles): something
        // numbered before it may still commit.
        Assert.DoesNotContain(fresh.Id.ToString(), ids);
        await Eventually.TrueAsync(async () => (await FeedAsync(fixture.Client("exchange", "STEX"), "?type=deal.cancelled"))
            .Any(e => e["id"]!.GetValue<string>() == fresh.Id.ToString()), what: "the fresh event once settled");
    }

    [Theory]
    [InlineData("?type=receipt.made", "type")]
    [InlineData("?cursor=abc", "cursor")]
    [InlineData("?limit=201", "limit")]
    public async Task Bad_feed_queries_are_400(string query, string field)
    {
        var response = await fixture.Client("auditor").GetAsync($"/api/events{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Theory]
    [InlineData("university", "fudan")]
    [InlineData("admin", null)]
    public async Task Universities_and_admins_have_no_feed(string role, string? org) =>
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client(role, org).GetAsync("/api/events")).StatusCode);

    [Theory]
    [InlineData("http://example.org/hook")]        // https only
    [InlineData("https://127.0.0.1/hook")]         // loopback
    [InlineData("https://localhost/hook")]         // resolves to loopback
    [InlineData("https://10.1.2.3/hook")]          // private
    [InlineData("https://192.168.0.10/hook")]
    [InlineData("https://172.20.0.1/hook")]
    [InlineData("https://169.254.169.254/latest")] // link-local: cloud metadata
    [InlineData("https://[::1]/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://user:pw@example.org/hook")]
    [InlineData("not a url")]
    public async Task Webhook_urls_that_could_reach_inside_are_refused_and_nothing_is_written(string url)
    {
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/subscriptions", new { url, eventTypes = new[] { "deal.concluded" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["url"]);
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.Subscriptions, s => s.Url == url)));
    }

    [Theory]
    [InlineData("receipt.recorded")] // names people and their money: auditors only
    [InlineData("deal.done")]
    public async Task Event_types_exchanges_may_not_receive_are_400(string type)
    {
        var response = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/subscriptions",
            new { url = "https://93.184.215.14/hook", eventTypes = new[] { type } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["eventTypes"]);
    }

    [Theory]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("127.0.0.1", true, true)]
    [InlineData("10.0.0.1", true, false)]
    [InlineData("100.64.0.1", false, false)]
    [InlineData("::ffff:192.168.1.1", false, false)]
    [InlineData("fe80::1", false, false)]
    [InlineData("93.184.215.14", false, true)]
    [InlineData("2606:4700::1111", false, true)]
    [InlineData("64:ff9b::a00:1", false, false)]   // NAT64 of 10.0.0.1
    [InlineData("2002:a00:1::1", false, false)]    // 6to4 of 10.0.0.1
    [InlineData("::10.0.0.1", false, false)]       // IPv4-compatible
    public void Addresses_are_allowed_only_when_public_or_allowed_loopback(string address, bool allowLoopback, bool allowed) =>
        Assert.Equal(allowed, WebhookUrlPolicy.IsAllowed(System.Net.IPAddress.Parse(address), allowLoopback));

    [Fact]
    public void The_retry_schedule_is_domain_md_s()
    {
        var t = DateTimeOffset.UnixEpoch;
        Assert.Equal(t.AddSeconds(5), WebhookRetrySchedule.NextAfter(1, t));
        Assert.Equal(t.AddMinutes(5), WebhookRetrySchedule.NextAfter(2, t));
        Assert.Equal(t.AddHours(24), WebhookRetrySchedule.NextAfter(9, t));
        Assert.Null(WebhookRetrySchedule.NextAfter(10, t)); // ten attempts, then it gives up
    }
}
