using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Chaos;
using Npgsql;
using Platform.Testing;

// ./platform chaos [--deals N]: drives deals through the gateway while faults are injected, then checks that nothing
// was lost or done twice. Prints what it measured and "N passed, M failed" last; exits non-zero on any miss.
var deals = args.SkipWhile(a => a != "--deals").Skip(1).Select(int.Parse).FirstOrDefault(300);
var say = (string s) => Console.WriteLine($"chaos: {s}");
var started = Stopwatch.StartNew();

await using var platform = new ChaosPlatform();
await platform.StartAsync();
say($"platform up in {started.Elapsed.TotalSeconds:0} s (gateway {platform.Gateway})");
var client = new ResilientClient(platform.Gateway);
await using var receiver = await WebhookSink.StartAsync();
var subscription = await client.SendAsync(HttpMethod.Post, "api/subscriptions", new { url = receiver.Url, eventTypes = new[] { "deal.concluded" } }, "exchange", "STEX");
if (subscription.Status != HttpStatusCode.Created) throw new InvalidOperationException($"subscription: {subscription.Status}");

var receiptTimes = new ConcurrentBag<double>();
var dealIds = new ConcurrentDictionary<int, Guid>();
var expected = new ConcurrentDictionary<Guid, decimal>();
var failures = new ConcurrentBag<string>();

async Task RunDealAsync(int i)
{
    try
    {
        var invention = await client.SendAsync(HttpMethod.Post, "api/inventions", new
        {
            title = $"Chaos {i}", @abstract = "Fault-tolerant deal", field = "ai", trl = 5,
            contributors = new[]
            {
                new { personId = "a", name = "A", share = "0.5", mainContributor = true },
                new { personId = "b", name = "B", share = "0.3", mainContributor = false },
                new { personId = "c", name = "C", share = "0.2", mainContributor = false },
            },
            ipAssets = new[] { new { kind = "software_copyright" } }, rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        }, "university", "fudan", $"inv-{i}");
        var listing = await client.SendAsync(HttpMethod.Post, "api/listings", new
        {
            inventionId = invention.Body!["id"]!.GetValue<string>(), modes = new[] { "non_exclusive_licence" },
            pricing = new { method = "exchange_listing" }, exchanges = new[] { "STEX" },
        }, "university", "fudan", $"lst-{i}");
        var listingId = listing.Body!["id"]!.GetValue<string>();
        var publish = await client.SendAsync(HttpMethod.Post, $"api/listings/{listingId}/publish", null, "university", "fudan");
        if (publish.Status != HttpStatusCode.OK && publish.Status != HttpStatusCode.Conflict && publish.Status != HttpStatusCode.UnprocessableEntity)
            throw new InvalidOperationException($"publish: {publish.Status}");
        // Until cross-border has placed the listing on STEX: 422 not-listed-on-exchange, retried.
        var deal = await client.SendAsync(HttpMethod.Post, "api/deals", new
        {
            listingId, mode = "non_exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "50000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        }, "exchange", "STEX", $"deal-{i}", (s, b) => s == HttpStatusCode.UnprocessableEntity
            && b?["type"]?.GetValue<string>() is "/problems/not-listed-on-exchange" or "/problems/listing-not-published");
        if (deal.Status != HttpStatusCode.Created) throw new InvalidOperationException($"deal: {deal.Status} {deal.Body}");
        var dealId = Guid.Parse(deal.Body!["id"]!.GetValue<string>());
        dealIds[i] = dealId;
        var notYet = (HttpStatusCode s, JsonNode? b) => s == HttpStatusCode.UnprocessableEntity && b?["type"]?.GetValue<string>() == "/problems/deal-not-concluded";
        var cost = await client.SendAsync(HttpMethod.Post, "api/costs", new
        {
            dealId, category = "legal", amount = new { amount = "700.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow,
        }, "university", "fudan", $"cost-{i}", notYet);
        if (cost.Status != HttpStatusCode.Created) throw new InvalidOperationException($"cost: {cost.Status} {cost.Body}");
        var gross = 0m;
        foreach (var (n, amount) in new[] { (1, 10_000m + i / 100m), (2, 5_000.01m) })
        {
            var receipt = await client.SendAsync(HttpMethod.Post, "api/receipts", new
            {
                dealId, amount = new { amount = amount.ToString("0.00", CultureInfo.InvariantCulture), currency = "CNY" },
                receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = $"R-{i}-{n}",
            }, "exchange", "STEX", $"rcpt-{i}-{n}", notYet);
            if (receipt.Status != HttpStatusCode.Created) throw new InvalidOperationException($"receipt: {receipt.Status} {receipt.Body}");
            receiptTimes.Add(receipt.Took.TotalMilliseconds);
            gross += amount;
        }
        expected[dealId] = Math.Ceiling(0.70m * (gross - 700m) * 100m) / 100m;
        var payouts = await client.SendAsync(HttpMethod.Get, $"api/payouts?dealId={dealId}&status=due", null, "university", "fudan");
        var first = payouts.Body?["items"]?.AsArray().FirstOrDefault();
        if (first is not null)
        {
            var paid = await client.SendAsync(HttpMethod.Post, $"api/payouts/{first["id"]}/pay", new { paidAt = DateTimeOffset.UtcNow, bankReference = $"B-{i}" },
                "university", "fudan");
            if (paid.Status != HttpStatusCode.OK && paid.Status != HttpStatusCode.Conflict) throw new InvalidOperationException($"pay: {paid.Status}");
        }
    }
    catch (Exception e)
    {
        failures.Add($"deal {i}: {e.Message}");
    }
}

var faults = new (string Name, Func<Task> Inject)[]
{
    ("RabbitMQ stopped for 20 s", async () => { await ChaosPlatform.StopRabbitMqAsync(); await Task.Delay(20_000); await ChaosPlatform.StartRabbitMqAsync(); }),
    ("revenue-sharing SIGKILLed mid-receipt", async () => { await platform.KillAsync("revenue-sharing"); await Task.Delay(3_000); await platform.RestartAsync("revenue-sharing"); }),
    ("cross-border SIGKILLed with deliveries pending", async () => { await platform.KillAsync("cross-border"); await Task.Delay(3_000); await platform.RestartAsync("cross-border"); }),
    ("PostgreSQL restarted (fast shutdown)", ChaosPlatform.RestartPostgresAsync),
    ("gateway SIGKILLed", async () => { await platform.KillAsync("gateway"); await Task.Delay(2_000); await platform.RestartAsync("gateway"); }),
    ("all at once", async () =>
    {
        await ChaosPlatform.StopRabbitMqAsync();
        await platform.KillAsync("revenue-sharing");
        await platform.KillAsync("cross-border");
        await platform.KillAsync("gateway");
        await ChaosPlatform.RestartPostgresAsync();
        await Task.Delay(5_000);
        await ChaosPlatform.StartRabbitMqAsync();
        await Task.WhenAll(platform.RestartAsync("revenue-sharing"), platform.RestartAsync("cross-border"), platform.RestartAsync("gateway"));
    }),
};

// --soak 10m: no faults; deals at three at a time (half of the six of a fault phase) for the duration, and the
// resident memory of every process compared at the start (after a warm-up) and at the end.
var soakArgument = args.SkipWhile(a => a != "--soak").Skip(1).FirstOrDefault();
if (soakArgument is not null)
{
    var unit = soakArgument[^1];
    var amount = double.Parse(soakArgument[..^1], CultureInfo.InvariantCulture);
    var duration = unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), 'h' => TimeSpan.FromHours(amount),
        _ => throw new ArgumentException("--soak takes a duration such as 90s, 10m or 1h") };
    await Task.WhenAll(Enumerable.Range(100_000, 30).Select(RunDealAsync)); // warm-up
    var before = platform.ResidentBytes();
    var soak = Stopwatch.StartNew();
    var soaked = 0;
    await Task.WhenAll(Enumerable.Range(0, 3).Select(async lane =>
    {
        for (var i = 200_000 + lane * 1_000_000; soak.Elapsed < duration; i++)
        {
            await RunDealAsync(i);
            Interlocked.Increment(ref soaked);
        }
    }));
    var after = platform.ResidentBytes();
    var soakChecks = new List<(string, bool, string)> { ("every deal went through", failures.IsEmpty, failures.IsEmpty ? $"{soaked} deals" : failures.First()) };
    foreach (var (name, start) in before)
    {
        var end = after.GetValueOrDefault(name);
        // Flat: within 50% of the warmed-up size (the GC and pools breathe; a leak grows with the deal count).
        soakChecks.Add(($"{name} memory flat", end <= start * 1.5, $"RSS {start / 1048576.0:0} MiB at start, {end / 1048576.0:0} MiB at end"));
    }
    say($"soak: {soaked} deals in {soak.Elapsed.TotalMinutes:0.0} min ({soaked / soak.Elapsed.TotalSeconds:0.0} deals/s), receipts p99 {receiptTimes.Order().ElementAtOrDefault((int)(receiptTimes.Count * 0.99)):0} ms");
    foreach (var (name, ok, detail) in soakChecks) say($"{(ok ? "PASS" : "FAIL")} {name}: {detail}");
    var soakFailed = soakChecks.Count(c => !c.Item2);
    Console.WriteLine($"{soakChecks.Count - soakFailed} passed, {soakFailed} failed");
    return soakFailed == 0 ? 0 : 1;
}

var perPhase = (int)Math.Ceiling(deals / (double)faults.Length);
var next = 0;
var report = new List<string>();
foreach (var (name, inject) in faults)
{
    var from = next;
    var count = Math.Min(perPhase, deals - from);
    next += count;
    var phase = Stopwatch.StartNew();
    using var gate = new SemaphoreSlim(6);
    var work = Task.WhenAll(Enumerable.Range(from, count).Select(async i =>
    {
        await gate.WaitAsync();
        try { await RunDealAsync(i); } finally { gate.Release(); }
    }));
    await Task.Delay(1_500); // the fault lands mid-flow
    await inject();
    var restored = phase.Elapsed;
    var recovered = await RecoveryAsync(client);
    await work;
    report.Add($"{name}: {count} deals, recovered {recovered.TotalSeconds:0.0} s after restoration, phase {phase.Elapsed.TotalSeconds:0} s");
    say(report[^1]);
}

say("waiting for the platform to be quiet (outboxes published, deliveries settled)");
var quiet = await QuietAsync(platform, expected.Keys.ToList());
var checks = new List<(string Name, bool Ok, string Detail)>();
checks.Add(("every deal went through", failures.IsEmpty && dealIds.Count == deals, failures.IsEmpty ? $"{dealIds.Count} deals" : string.Join("; ", failures.Take(5))));
checks.Add(("the platform became quiet", quiet, quiet ? "outboxes published, no delivery pending" : "still busy after 5 minutes"));

await using (var revenue = await TestInfrastructure.OpenAsync(platform.Databases["revenue-sharing"]))
{
    var receipts = await CountsAsync(revenue, "SELECT deal_id, count(*) FROM receipts GROUP BY deal_id");
    var costs = await CountsAsync(revenue, "SELECT deal_id, count(*) FROM costs GROUP BY deal_id");
    var distributions = await CountsAsync(revenue, "SELECT deal_id, count(*) FROM distributions GROUP BY deal_id");
    var badReceipts = expected.Keys.Where(d => receipts.GetValueOrDefault(d) != 2).ToList();
    checks.Add(("no receipt lost or recorded twice (one per Idempotency-Key)", badReceipts.Count == 0, $"{badReceipts.Count} deals off"));
    var badCosts = expected.Keys.Where(d => costs.GetValueOrDefault(d) != 1).ToList();
    checks.Add(("no cost lost or recorded twice", badCosts.Count == 0, $"{badCosts.Count} deals off"));
    var badDistributions = expected.Keys.Where(d => distributions.GetValueOrDefault(d) != receipts.GetValueOrDefault(d)).ToList();
    checks.Add(("distributions = receipts accepted", badDistributions.Count == 0, $"{distributions.Values.Sum()} distributions, {receipts.Values.Sum()} receipts"));
    var distributed = new Dictionary<Guid, decimal>();
    await using (var command = new NpgsqlCommand("SELECT deal_id, sum(pool) FROM distributions GROUP BY deal_id", revenue))
    await using (var reader = await command.ExecuteReaderAsync())
        while (await reader.ReadAsync()) distributed[reader.GetGuid(0)] = reader.GetDecimal(1);
    var wrong = expected.Where(e => distributed.GetValueOrDefault(e.Key) != e.Value).ToList();
    checks.Add(("each deal's distributed total = 70% of its net, to the fen", wrong.Count == 0,
        wrong.Count == 0 ? $"{expected.Count} deals" : $"{wrong.Count} off, e.g. {wrong[0].Key}: {distributed.GetValueOrDefault(wrong[0].Key)} vs {wrong[0].Value}"));
    var paidTwice = await CountsAsync(revenue, "SELECT source_id, count(*) FROM ledger_entries WHERE kind = 'payout_paid' GROUP BY source_id HAVING count(*) > 1");
    checks.Add(("no payout paid twice", paidTwice.Count == 0, $"{paidTwice.Count} payouts paid more than once"));
}
var verify = await client.SendAsync(HttpMethod.Get, "api/audit/verify", null, "auditor", null);
checks.Add(("GET /api/audit/verify valid", verify.Body?["valid"]?.GetValue<bool>() == true, verify.Body?.ToJsonString() ?? verify.Status.ToString()));
var delivered = receiver.DealIds();
var undelivered = expected.Keys.Where(d => !delivered.Contains(d)).ToList();
checks.Add(("every concluded deal delivered to the exchange's receiver", undelivered.Count == 0,
    $"{receiver.Requests} requests, {receiver.DistinctIds} distinct webhook-ids handled once each, {undelivered.Count} deals missing"));
var errors = await ErrorQueuesAsync(platform.Vhost);
checks.Add(("no message in an _error queue", errors.Count == 0, errors.Count == 0 ? "none" : string.Join(", ", errors)));
var unpublished = 0L;
foreach (var db in platform.Databases.Values)
{
    await using var connection = await TestInfrastructure.OpenAsync(db);
    await using var command = new NpgsqlCommand("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL", connection);
    unpublished += (long)(await command.ExecuteScalarAsync())!;
}
checks.Add(("outbox rows all published", unpublished == 0, $"{unpublished} unpublished"));

var sorted = receiptTimes.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
say($"figures: {deals} deals, {faults.Length} fault phases, {client.Retries} client retries, receipt end to end p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms, total {started.Elapsed.TotalMinutes:0.0} min");
foreach (var line in report) say("  " + line);
foreach (var (name, ok, detail) in checks) say($"{(ok ? "PASS" : "FAIL")} {name}: {detail}");
var failed = checks.Count(c => !c.Ok);
if (failed > 0)
    foreach (var name in new[] { "revenue-sharing", "cross-border", "gateway" })
        Console.Error.WriteLine($"===== {name} (last lines) =====\n{string.Join('\n', platform.Logs(name).Split('\n').TakeLast(40))}");
Console.WriteLine($"{checks.Count - failed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

static async Task<TimeSpan> RecoveryAsync(ResilientClient client)
{
    // Recovered: a database read through the gateway answers from each service that holds money or deals.
    var watch = Stopwatch.StartNew();
    await client.SendAsync(HttpMethod.Get, "api/jurisdictions", null, "auditor", null);
    await client.SendAsync(HttpMethod.Get, "api/exchanges", null, "auditor", null);
    await client.SendAsync(HttpMethod.Get, "api/listings?limit=1", null, "auditor", null);
    return watch.Elapsed;
}

static async Task<bool> QuietAsync(ChaosPlatform platform, List<Guid> deals)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
    while (DateTime.UtcNow < deadline)
    {
        var busy = 0L;
        foreach (var (name, db) in platform.Databases)
        {
            try
            {
                await using var connection = await TestInfrastructure.OpenAsync(db);
                await using var command = new NpgsqlCommand(name == "cross-border"
                    ? "SELECT (SELECT count(*) FROM outbox_messages WHERE published_at IS NULL) + (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')"
                    : "SELECT count(*) FROM outbox_messages WHERE published_at IS NULL", connection);
                busy += (long)(await command.ExecuteScalarAsync())!;
            }
            catch (NpgsqlException) { busy++; }
        }
        if (busy == 0) return true;
        await Task.Delay(1000);
    }
    return false;
}

static async Task<Dictionary<Guid, long>> CountsAsync(NpgsqlConnection connection, string sql)
{
    var counts = new Dictionary<Guid, long>();
    await using var command = new NpgsqlCommand(sql, connection);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
    return counts;
}

static async Task<List<string>> ErrorQueuesAsync(Uri vhost)
{
    var management = new Uri(Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ_MANAGEMENT")!);
    using var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/") };
    http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
    var queues = JsonNode.Parse(await http.GetStringAsync($"api/queues/{vhost.AbsolutePath.TrimStart('/')}"))!.AsArray();
    return queues.Where(q => q!["name"]!.GetValue<string>().EndsWith("_error", StringComparison.Ordinal) && (q["messages"]?.GetValue<long>() ?? 0) > 0)
        .Select(q => $"{q!["name"]} ({q["messages"]})").ToList();
}
