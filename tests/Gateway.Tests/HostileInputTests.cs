using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests;

/// <summary>
/// Issue #7: thousands of malformed bodies (broken syntax, wrong types, huge numbers, 20-digit decimals, deep
/// nesting, invalid UTF-8, oversized payloads) against every endpoint that takes a body, through the gateway, as a
/// caller allowed to use it, on the callers' own resources: never a 5xx, always a 4xx, and not one row written.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public partial class HostileInputTests(PlatformBehindGateway platform)
{
    /// <summary>Field names of every body of the services' READMEs: each is given values of the wrong shape, alone in an object.</summary>
    private static readonly string[] Fields =
    [
        "listingId", "dealId", "inventionId", "mode", "pricingMethod", "price", "buyer", "amount", "currency", "receivedAt", "kind",
        "withholdingTax", "reference", "category", "incurredAt", "evidenceRef", "persons", "startsAt", "endsAt", "year", "operatingProfit",
        "url", "eventTypes", "title", "abstract", "field", "trl", "contributors", "ipAssets", "rights", "exportControl", "modes", "pricing",
        "exchanges", "method", "inputs", "simulation", "rewardShare", "remainder", "payoutDeadlineDays", "publicityWorkingDays",
        "selfImplementationShare", "effectiveFrom", "floor", "jurisdiction", "working", "name", "number", "registeredAt", "reason",
        "resolution", "paidAt", "bankReference", "code", "country", "from", "to", "item", "class", "rateToCny", "date", "equity",
        "exportLicenceNo", "contractEffectiveAt",
    ];

    /// <summary>Values no field of the platform takes (never a plain string, which some fields would accept).</summary>
    private static readonly string[] WrongValues =
    [
        "12345678901234567890123456789012345678901234567890", "1e400", "-1e400", "0.12345678901234567890", "-0", "1.5", "true", "[]", "{}",
        "[1,2,3]", "{\"amount\":\"12345678901234567890.12\",\"currency\":\"CNY\"}", "{\"amount\":\"1.001\",\"currency\":\"CNY\"}",
        "{\"amount\":1.5,\"currency\":\"CNY\"}", "{\"amount\":\"-5.00\",\"currency\":\"XXX\"}", "{\"amount\":\"NaN\",\"currency\":\"CNY\"}",
        "[{\"personId\":1,\"share\":\"2\"}]", "{\"model\":{}}", "9223372036854775808", "-9223372036854775809",
    ];

    private static IEnumerable<(string Name, byte[] Body)> MalformedBodies(int seed)
    {
        foreach (var text in new[]
        {
            "", " ", "{", "}", "[", "]", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "nul", "tru", "{\"a\" 1}", "{\"a\":01}", "{\"a\":1}}", "\"\\uD800\"",
            "[]", "1", "\"text\"", "true", "null", "{\"a\":\"\\x\"}", "{\"a\":NaN}", "{\"a\":Infinity}", "/* */{}",
        })
            yield return ($"syntax {text}", Encoding.UTF8.GetBytes(text));
        yield return ("invalid UTF-8 in a string", [.. "{\"title\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        yield return ("invalid UTF-8 bytes", [0xFF, 0xFE, 0xFD]);
        yield return ("overlong UTF-8", [.. "{\"reason\":\""u8, 0xC0, 0xAF, .. "\"}"u8]);
        yield return ("deep arrays", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)));
        yield return ("oversized", Encoding.UTF8.GetBytes("{\"title\":[" + string.Join(',', Enumerable.Repeat("12345678", 300_000)) + "]}"));
        var random = new Random(seed);
        for (var i = 0; i < 60; i++)
        {
            var field = Fields[random.Next(Fields.Length)];
            var value = WrongValues[random.Next(WrongValues.Length)];
            yield return ($"{field}={value}", Encoding.UTF8.GetBytes($"{{\"{field}\":{value}}}"));
        }
    }

    [Fact]
    public async Task Malformed_bodies_never_cause_a_5xx_and_never_write()
    {
        var writing = (await ServiceEndpoints.LoadAsync()).Where(e => e.TakesBody).ToList();
        Assert.True(writing.Count >= 20, $"only {writing.Count} endpoints take a body");
        var before = await platform.SettledRowCountsAsync();
        var sent = 0;
        var failures = new List<string>();
        foreach (var endpoint in writing)
        {
            var (role, org) = Caller(endpoint.Roles);
            var path = Placeholder().Replace(endpoint.Pattern.TrimEnd('/'), m => Id(m.Groups[1].Value, endpoint.Pattern, org));
            var client = platform.Client(role, org);
            foreach (var (name, body) in MalformedBodies(endpoint.Pattern.Length * 31 + endpoint.Method.Length))
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (endpoint.Method == "PUT") request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
                using var response = await client.SendAsync(request);
                sent++;
                if ((int)response.StatusCode is < 400 or >= 500)
                    failures.Add($"{endpoint.Method} {path} [{name}]: {(int)response.StatusCode} {Truncate(await response.Content.ReadAsStringAsync())}");
            }
        }
        Assert.True(sent >= 2000, $"only {sent} requests");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        Assert.Equal(before, await platform.RowCountsAsync());
    }

    /// <summary>The caller that may use the endpoint on the seeded resources: their owner, else an admin, else anyone allowed.</summary>
    private static (string Role, string? Org) Caller(IReadOnlyList<string> roles) =>
        roles.Contains("university") ? ("university", (string?)"fudan")
        : roles.Contains("exchange") ? ("exchange", (string?)"STEX")
        : roles.Contains("admin") ? ("admin", null)
        : (roles[0], null);

    private string Id(string parameter, string pattern, string? org) => parameter switch
    {
        "university" => org ?? "fudan",
        "code" => "CN-SH",
        "date" => "2027-01-04",
        "oid" => platform.ObjectionId.ToString(),
        "deliveryId" => platform.DeliveryId.ToString(),
        "dealId" => platform.DealId.ToString(),
        _ when pattern.StartsWith("/api/inventions", StringComparison.Ordinal) => platform.InventionId.ToString(),
        _ when pattern.StartsWith("/api/listings", StringComparison.Ordinal) => platform.ListingId.ToString(),
        _ when pattern.StartsWith("/api/deals", StringComparison.Ordinal) => platform.AgreementDealId.ToString(),
        _ when pattern.StartsWith("/api/payouts", StringComparison.Ordinal) => platform.PayoutId.ToString(),
        _ when pattern.StartsWith("/api/self-implementations", StringComparison.Ordinal) => platform.SelfImplementationId.ToString(),
        _ when pattern.StartsWith("/api/subscriptions", StringComparison.Ordinal) => platform.SubscriptionId.ToString(),
        _ => Guid.NewGuid().ToString(),
    };

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex Placeholder();
}
