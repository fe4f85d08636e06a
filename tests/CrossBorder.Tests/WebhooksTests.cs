using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Platform.Testing;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace CrossBorder.Tests;

/// <summary>
/// services/CrossBorder/README.md §8 against a real local HTTP receiver (the README's receiver guide): signed deliveries, retries with the same
/// webhook-id, kept in PostgreSQL across a restart of the service, 410 disabling, the delivery log and manual redelivery.
/// </summary>
public class WebhooksTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Webhooks:Timeout"] = "00:00:03",
    };

    private string _database = null!;
    private Uri _vhost = null!;
    private ServiceFactory<CrossBorderDbContext> _service = null!;
    private readonly List<WebhookReceiver> _receivers = [];

    public async Task InitializeAsync()
    {
        _database = await TestInfrastructure.NewDatabaseAsync("hooks");
        _vhost = await TestInfrastructure.NewVhostAsync("hooks");
        _service = await StartServiceAsync();
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        foreach (var r in _receivers) await r.DisposeAsync();
    }

    private async Task<ServiceFactory<CrossBorderDbContext>> StartServiceAsync()
    {
        var service = new ServiceFactory<CrossBorderDbContext>(_database, _vhost, Settings);
        await service.MigrateAsync();
        _ = service.Server;
        return service;
    }

    private HttpClient Client(string role, string? org = null) => _service.CreateClient().As(role, org);

    private async Task<(WebhookReceiver Receiver, Guid SubscriptionId)> SubscribeAsync(string exchange, params string[] eventTypes)
    {
        Guid id = default;
        var receiver = await WebhookReceiver.StartAsync(async url =>
        {
            var response = await Client("exchange", exchange).PostAsJsonAsync("/api/subscriptions", new { url, eventTypes });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            id = Guid.Parse(created["id"]!.GetValue<string>());
            return created["secret"]!.GetValue<string>();
        });
        _receivers.Add(receiver);
        return (receiver, id);
    }

    private async Task<Guid> ConcludeDealAsync(string exchange = "STEX")
    {
        var listing = await _service.PublishListingAsync(Snapshots.Listing(exchanges: [exchange], assetKind: "software_copyright"));
        var response = await Client("exchange", exchange).PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "1000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    private async Task<JsonArray> DeliveriesAsync(Guid subscription, string query = "") =>
        JsonNode.Parse(await Client("auditor").GetStringAsync($"/api/subscriptions/{subscription}/deliveries{query}"))!["items"]!.AsArray();

    [Fact]
    public async Task A_deal_reaches_the_exchanges_endpoint_signed_as_standard_webhooks_says()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        var dealId = await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Handled.IsEmpty), what: "the delivery", timeout: TimeSpan.FromSeconds(20));

        var handled = Assert.Single(receiver.Handled);
        Assert.Equal("deal.concluded", handled.GetProperty("type").GetString());
        Assert.Equal(dealId.ToString(), handled.GetProperty("data").GetProperty("id").GetString());
        Assert.False(handled.GetProperty("data").TryGetProperty("contributors", out _)); // never to exchanges
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(handled.GetProperty("id").GetString(), request.WebhookId);
        Assert.StartsWith("v1,", request.Signature);
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(subscription))[0]!["success"]!.GetValue<bool>(), what: "the logged success");
        var log = (await DeliveriesAsync(subscription)).Single()!;
        Assert.Equal(200, log["attemptLog"]![0]!["statusCode"]!.GetValue<int>());
        Assert.Empty(await DeliveriesAsync(subscription, "?success=false"));
    }

    [Fact]
    public async Task A_forged_or_altered_delivery_does_not_verify()
    {
        var secret = WebhookSubscription.NewSecret();
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        using var request = WebhookDispatcher.Sign(new HttpRequestMessage(HttpMethod.Post, "https://example.org/"), [secret], Guid.NewGuid(),
            DateTimeOffset.UtcNow, "{\"a\":1}");
        var headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers) headers[name] = values.Single();
        new StandardWebhook(secret).Verify("{\"a\":1}", headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(secret).Verify("{\"a\":2}", headers));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(WebhookSubscription.NewSecret()).Verify("{\"a\":1}", headers));
    }

    [Fact]
    public async Task After_a_secret_rotation_deliveries_verify_with_the_old_and_the_new_secret()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded"); // the receiver knows the old secret only
        var rotated = await Client("exchange", "STEX").PostAsync($"/api/subscriptions/{subscription}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "SHIPX").PostAsync($"/api/subscriptions/{subscription}/secret", null)).StatusCode);

        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Handled.IsEmpty), what: "the delivery", timeout: TimeSpan.FromSeconds(20));
        var request = receiver.Requests.First(r => r.AnsweredWith == 200);
        Assert.Equal(2, request.Signature.Split(' ').Length); // new and old, both "v1,..."
        var headers = new HeaderDictionary { ["webhook-id"] = request.WebhookId, ["webhook-timestamp"] = request.Timestamp, ["webhook-signature"] = request.Signature };
        new StandardWebhook(newSecret).Verify(request.Body, headers); // the new secret verifies as well
    }

    [Fact]
    public async Task After_a_500_the_retry_comes_5_seconds_later_with_the_same_webhook_id()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        receiver.AnswerNext(500);
        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 1), what: "the first attempt", timeout: TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(subscription, "?success=false")).Count == 1, what: "the failure in the log");
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Handled.IsEmpty), what: "the retry", timeout: TimeSpan.FromSeconds(20));

        var requests = receiver.Requests.ToArray();
        Assert.Equal([500, 200], requests.Select(r => r.AnsweredWith));
        Assert.Equal(requests[0].WebhookId, requests[1].WebhookId);
        Assert.True(long.Parse(requests[1].Timestamp, System.Globalization.CultureInfo.InvariantCulture) - long.Parse(requests[0].Timestamp, System.Globalization.CultureInfo.InvariantCulture) >= 4); // the 5 s step, in whole seconds
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(subscription, "?success=false")).Count == 0, what: "the logged success");
        var log = (await DeliveriesAsync(subscription)).Single()!["attemptLog"]!.AsArray();
        Assert.Equal([500, 200], log.Select(a => a!["statusCode"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_restart_of_the_service_between_attempts_loses_no_delivery()
    {
        var (receiver, _) = await SubscribeAsync("STEX", "deal.concluded");
        receiver.AnswerNext(503);
        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 1), what: "the first attempt", timeout: TimeSpan.FromSeconds(20));
        // The receiver records a request before its answer reaches the dispatcher: wait for the attempt in the log.
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.WebhookDeliveries.AnyAsync(d => d.Attempts == 1)), what: "the attempt recorded");
        await _service.DisposeAsync(); // stopped before the 5 s retry is due
        _service = await StartServiceAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Handled.IsEmpty), what: "the retry after the restart", timeout: TimeSpan.FromSeconds(30));
        var requests = receiver.Requests.ToArray();
        Assert.Equal(requests[0].WebhookId, requests[^1].WebhookId);
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_and_gets_nothing_more()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        receiver.AnswerNext(410);
        await ConcludeDealAsync();
        await Eventually.TrueAsync(async () =>
            JsonNode.Parse(await Client("exchange", "STEX").GetStringAsync($"/api/subscriptions/{subscription}"))!["status"]!.GetValue<string>() == "disabled",
            what: "the subscription disabled", timeout: TimeSpan.FromSeconds(20));
        var second = await ConcludeDealAsync();
        // Conditions, not sleeps: the second event is recorded (in the feed) with no delivery queued for the disabled
        // subscription, and the first delivery is failed with no attempt scheduled: the dispatcher has nothing to send.
        await Eventually.TrueAsync(async () => (await _service.WithDbAsync(db => db.FeedEvents.Where(e => e.Type == "deal.concluded")
            .Select(e => e.Data).ToListAsync())).Any(d => d.Contains(second.ToString())), what: "the second event recorded");
        var deliveries = await _service.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync());
        Assert.Equal(WebhookDelivery.Failed, Assert.Single(deliveries).Status);
        Assert.Null(deliveries[0].NextAttemptAt);
        Assert.Single(receiver.Requests);
        var failed = (await DeliveriesAsync(subscription)).Single()!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());

        // The feed's filter for failed deliveries finds the event for its exchange, and for nobody else's.
        var eventId = failed["eventId"]!.GetValue<string>();
        async Task<List<string>> Feed(HttpClient client, string success) =>
            JsonNode.Parse(await client.GetStringAsync($"/api/events?deliverySuccess={success}&limit=200"))!["items"]!.AsArray()
                .Select(e => e!["id"]!.GetValue<string>()).ToList();
        await Eventually.TrueAsync(async () => (await Feed(Client("exchange", "STEX"), "false")).Contains(eventId), what: "the failed delivery's event");
        Assert.DoesNotContain(eventId, await Feed(Client("exchange", "STEX"), "true"));
        Assert.DoesNotContain(eventId, await Feed(Client("exchange", "SHIPX"), "false"));
    }

    [Fact]
    public async Task Deleting_a_subscription_stops_its_retries()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        receiver.AnswerNext(500);
        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 1), what: "the first attempt", timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.NoContent, (await Client("exchange", "STEX").DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
        // Nothing is left for the dispatcher to retry: every delivery is failed with no attempt scheduled.
        Assert.All(await _service.WithDbAsync(db => db.WebhookDeliveries.Where(d => d.SubscriptionId == subscription).ToListAsync()), d =>
        {
            Assert.Equal(WebhookDelivery.Failed, d.Status);
            Assert.Null(d.NextAttemptAt);
        });
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_subscription_deleted_while_an_attempt_is_on_its_way_stays_closed_when_the_attempt_fails()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        receiver.AnswerNext(500);
        var (arrived, release) = receiver.HoldNext();
        await ConcludeDealAsync();
        await arrived.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.NoContent, (await Client("exchange", "STEX").DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
        release(); // the 500 reaches the dispatcher after the delete

        var delivery = await Eventually.GetAsync(() => _service.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking()
            .SingleOrDefaultAsync(d => d.SubscriptionId == subscription && d.Attempts == 1)), what: "the attempt recorded");
        Assert.Equal(WebhookDelivery.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt); // not reopened for a retry by the attempt that was on its way
        Assert.Equal(500, delivery.LastStatusCode);
        Assert.Equal(1, await _service.WithDbAsync(db => db.WebhookAttempts.CountAsync(a => a.DeliveryId == delivery.Id)));
    }

    [Fact]
    public async Task A_manual_retry_redelivers_with_the_same_webhook_id()
    {
        var (receiver, subscription) = await SubscribeAsync("STEX", "deal.concluded");
        await ConcludeDealAsync();
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(subscription, "?success=true")).Count == 1, what: "the delivery", timeout: TimeSpan.FromSeconds(20));
        var delivery = (await DeliveriesAsync(subscription)).Single()!["id"]!.GetValue<string>();
        // A second event whose first attempt fails: its delivery stays pending until the 5 s retry, and a retry of a pending one is 409.
        receiver.AnswerNext(500);
        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count == 2), what: "the second event's failed attempt", timeout: TimeSpan.FromSeconds(20));
        var pending = await Eventually.GetAsync(async () => (await DeliveriesAsync(subscription, "?success=false")).FirstOrDefault()?["id"]?.GetValue<string>(),
            what: "the pending delivery");
        Assert.Equal(HttpStatusCode.Conflict, (await Client("exchange", "STEX").PostAsync($"/api/subscriptions/{subscription}/deliveries/{pending}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "SHIPX").PostAsync($"/api/subscriptions/{subscription}/deliveries/{delivery}/retry", null)).StatusCode);
        var retry = await Client("exchange", "STEX").PostAsync($"/api/subscriptions/{subscription}/deliveries/{delivery}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count(r => r.WebhookId == receiver.Requests.First().WebhookId) == 2),
            what: "the redelivery", timeout: TimeSpan.FromSeconds(20));
        var first = receiver.Requests.First().WebhookId;
        Assert.Single(receiver.Handled, e => e.GetProperty("id").GetString() == first); // the guide's receiver drops the duplicate
    }

    [Fact]
    public async Task A_slow_endpoint_delays_only_itself()
    {
        var (slow, _) = await SubscribeAsync("STEX", "deal.concluded");
        slow.Delay = TimeSpan.FromSeconds(5); // long enough that the fast delivery cannot wait behind it on a loaded machine
        var (fast, _) = await SubscribeAsync("STEX", "deal.concluded");
        var started = DateTimeOffset.UtcNow;
        await ConcludeDealAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!fast.Handled.IsEmpty), what: "the fast endpoint's delivery", timeout: TimeSpan.FromSeconds(20));
        Assert.True(slow.Handled.IsEmpty, "the slow endpoint was still answering when the fast one had its event");
        await Eventually.TrueAsync(() => Task.FromResult(!slow.Handled.IsEmpty), what: "the slow endpoint's delivery", timeout: TimeSpan.FromSeconds(20));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Only_exchanges_subscribe_each_sees_its_own_and_the_auditor_reads_all()
    {
        var (_, subscription) = await SubscribeAsync("STEX", "listing.published");
        Assert.Equal(HttpStatusCode.Forbidden, (await Client("university", "fudan").PostAsJsonAsync("/api/subscriptions",
            new { url = "https://example.org/hook", eventTypes = new[] { "deal.concluded" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "SHIPX").GetAsync($"/api/subscriptions/{subscription}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "SHIPX").DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "SHIPX").GetAsync($"/api/subscriptions/{subscription}/deliveries")).StatusCode);
        var shipx = JsonNode.Parse(await Client("exchange", "SHIPX").GetStringAsync("/api/subscriptions"))!["items"]!.AsArray();
        Assert.DoesNotContain(shipx, s => s!["id"]!.GetValue<string>() == subscription.ToString());
        var auditor = JsonNode.Parse(await Client("auditor").GetStringAsync("/api/subscriptions"))!["items"]!.AsArray();
        Assert.Contains(auditor, s => s!["id"]!.GetValue<string>() == subscription.ToString());
        Assert.All(auditor, s => Assert.Null(s!["secret"])); // shown once, at creation
        Assert.Equal(HttpStatusCode.NoContent, (await Client("exchange", "STEX").DeleteAsync($"/api/subscriptions/{subscription}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client("exchange", "STEX").GetAsync($"/api/subscriptions/{subscription}")).StatusCode);
    }
}
