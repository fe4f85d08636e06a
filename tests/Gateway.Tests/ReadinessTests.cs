using System.Net;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// Readiness that does not cascade, and anonymous health probes limited by address (README: Reliability, Security):
/// a gateway whose services are all down stays ready, and each down service's routes answer 503 on their own.
/// </summary>
public class ReadinessTests
{
    private static GatewayFactory GatewayWithServicesDown(int healthPerMinute = 1000)
    {
        var settings = new Dictionary<string, string?> { ["PLATFORM_HEALTH_RATE_LIMIT_PER_MINUTE"] = healthPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var cluster in new[] { "listing", "valuation", "revenue-sharing", "cross-border" })
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = "http://127.0.0.1:1/"; // nothing listens there
        return new GatewayFactory(settings);
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
