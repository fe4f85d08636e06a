using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// Readiness that does not cascade, and anonymous health probes limited by address (README: Reliability, Security):
/// a gateway whose services are all down stays ready, and each down service's routes answer 503 on their own.
/// </summary>
public class ReadinessTests
{
    private static GatewayFactory GatewayWithServicesDown(int healthPerMinute = 1000, string? peer = null, string? trustedProxies = null)
    {
        var settings = new Dictionary<string, string?> { ["PLATFORM_HEALTH_RATE_LIMIT_PER_MINUTE"] = healthPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var cluster in new[] { "listing", "valuation", "revenue-sharing", "cross-border" })
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = "http://127.0.0.1:1/"; // nothing listens there
        if (trustedProxies is not null) settings["Gateway:TrustedProxies:0"] = trustedProxies;
        // The address the gateway's socket sees (the in-memory test server has none): an ingress, or a caller.
        return new GatewayFactory(settings, peer is null ? null : services => services.AddTransient<IStartupFilter>(_ => new PeerAddress(IPAddress.Parse(peer))));
    }

    private sealed class PeerAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) => { http.Connection.RemoteIpAddress = address; return nextMiddleware(http); });
            next(app);
        };
    }

    private static async Task<HttpStatusCode> ProbeAsync(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_ingress_each_client_counts_on_its_own_address_and_no_one_else_can_claim_one()
    {
        // Through the ingress (10.1.2.3, trusted): two clients, two limits; before, every client counted on the ingress's address.
        await using (var gateway = GatewayWithServicesDown(healthPerMinute: 2, peer: "10.1.2.3", trustedProxies: "10.0.0.0/8"))
        {
            var client = gateway.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await ProbeAsync(client, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.2"));
        }
        // With no trusted proxy at all (the default, and compose): the header is never read (found by review: ASP.NET Core
        // checks the sender only against a list it has, so an empty list believed everyone).
        await using (var gateway = GatewayWithServicesDown(healthPerMinute: 2, peer: "198.51.100.7"))
        {
            var client = gateway.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.2"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await ProbeAsync(client, "203.0.113.3"));
        }
        // A caller that is no trusted proxy names any address it likes: ignored, it counts on its own.
        await using (var gateway = GatewayWithServicesDown(healthPerMinute: 2, peer: "198.51.100.7", trustedProxies: "10.0.0.0/8"))
        {
            var client = gateway.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await ProbeAsync(client, "203.0.113.2"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await ProbeAsync(client, "203.0.113.3"));
        }
    }

    [Fact]
    public async Task The_gateway_stays_ready_and_a_down_service_answers_503_on_its_routes()
    {
        await using var gateway = GatewayWithServicesDown();
        var ready = await gateway.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("Degraded", await ready.Content.ReadAsStringAsync());

        var response = await gateway.CreateClient().As("auditor").GetAsync("/api/exchanges");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("/problems/service-unavailable", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Anonymous_health_probes_are_limited_by_address()
    {
        await using var gateway = GatewayWithServicesDown(healthPerMinute: 5);
        var client = gateway.CreateClient();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) answers.Add((await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.TooManyRequests));
    }
}
