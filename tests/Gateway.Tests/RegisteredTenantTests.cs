using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// Tenants are registered (README.md, Security): a well-formed org nobody registered is 403 org-not-registered in
/// every service, through the gateway, and writes nothing; an admin's registration lets it in everywhere, carried to
/// the other services by the tenant.registered event on the real broker.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public class RegisteredTenantTests(PlatformBehindGateway platform)
{
    /// <summary>A client whose org is deliberately not registered (the fixture's Client would register it).</summary>
    private HttpClient Unregistered(string role, string org) => platform.Gateway.CreateClient().As(role, org);

    private static string NewCode(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>One read and one write per service, each open to the role, so that only the register can refuse.</summary>
    private static readonly (string Method, string Path, object? Body)[] UniversityCalls =
    [
        ("GET", "/api/inventions", null),
        ("POST", "/api/inventions", new { title = "A title" }),
        ("GET", $"/api/valuations?listingId={Guid.Empty}", null),
        ("GET", "/api/payouts", null),
        ("PUT", "/api/policies/{org}", new { rewardShare = "0.80", effectiveFrom = "2027-01-01" }),
        ("GET", "/api/deals", null),
        ("GET", "/api/exchanges", null),
    ];

    private static readonly (string Method, string Path, object? Body)[] ExchangeCalls =
    [
        ("GET", "/api/listings", null),
        ("GET", $"/api/valuations?listingId={Guid.Empty}", null),
        ("GET", "/api/events", null),
        ("POST", "/api/subscriptions", new { url = "https://example.org/hook", eventTypes = new[] { "deal.concluded" } }),
    ];

    [Theory]
    [InlineData("university", "fudan2")]
    [InlineData("university", "FUDAN")]
    [InlineData("exchange", "STEX2")]
    [InlineData("exchange", "fudan")] // a university's code is not an exchange
    public async Task A_well_formed_org_that_is_not_registered_is_403_everywhere_and_writes_nothing(string role, string org)
    {
        var before = await platform.SettledRowCountsAsync();
        var client = Unregistered(role, org);
        foreach (var (method, path, body) in role == "university" ? UniversityCalls : ExchangeCalls)
        {
            var response = await SendAsync(client, method, path.Replace("{org}", org, StringComparison.Ordinal), body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as {role} {org}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.EndsWith("/org-not-registered", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(org, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await platform.RowCountsAsync());
    }

    [Fact]
    public async Task A_university_registered_by_an_admin_is_let_in_by_every_service()
    {
        var code = NewCode("reg-");
        var university = Unregistered("university", code);
        Assert.Equal(HttpStatusCode.Forbidden, (await university.GetAsync("/api/payouts")).StatusCode);

        // Only an admin registers, with a valid code and name.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await platform.Client("university", "fudan").PutAsJsonAsync($"/api/universities/{code}", new { name = "X" })).StatusCode);
        var admin = platform.Client("admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/universities/{code}", new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/universities/fu%20dan", new { name = "Fu Dan" })).StatusCode);
        var created = await admin.PutAsJsonAsync($"/api/universities/{code}", new { name = "Registered University" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/universities/{code}", new { name = "Renamed University" })).StatusCode);

        var listed = JsonNode.Parse(await platform.Client("auditor").GetStringAsync("/api/universities"))!.AsArray();
        Assert.Contains(listed, u => u!["code"]!.GetValue<string>() == code && u["name"]!.GetValue<string>() == "Renamed University");
        Assert.Contains(listed, u => u!["code"]!.GetValue<string>() == "fudan");

        // Revenue-sharing registered it in the same request; the others learn it from the event within seconds.
        foreach (var path in new[] { "/api/inventions", $"/api/valuations?listingId={Guid.Empty}", "/api/payouts", "/api/deals" })
            await Eventually.TrueAsync(async () => (await university.GetAsync(path)).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), $"GET {path} as the newly registered {code}");
    }

    [Fact]
    public async Task An_exchange_added_by_an_admin_is_let_in_by_every_service()
    {
        var code = ("X" + Guid.NewGuid().ToString("N")[..8]).ToUpperInvariant();
        var exchange = Unregistered("exchange", code);
        Assert.Equal(HttpStatusCode.Forbidden, (await exchange.GetAsync("/api/listings")).StatusCode);
        var added = await platform.Client("admin").PostAsJsonAsync("/api/exchanges",
            new { code, name = "A partner exchange", country = "KE", currency = "KES" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        foreach (var path in new[] { "/api/listings", $"/api/valuations?listingId={Guid.Empty}", "/api/events" })
            await Eventually.TrueAsync(async () => (await exchange.GetAsync(path)).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), $"GET {path} as the newly added exchange {code}");
    }

    [Fact]
    public async Task Auditors_and_admins_name_no_tenant_and_are_not_checked()
    {
        Assert.Equal(HttpStatusCode.OK, (await platform.Client("auditor").GetAsync("/api/payouts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.Client("admin").GetAsync("/api/exchanges")).StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, object? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonContent.Create(body) };
        if (method == "PUT") request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        return client.SendAsync(request);
    }
}
