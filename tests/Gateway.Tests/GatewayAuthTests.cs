using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Platform.BuildingBlocks.Auth;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>The gateway's own wall: tokens, roles, anonymous health, rate limit.</summary>
public class GatewayAuthTests : IClassFixture<GatewayAuthTests.Fixture>
{
    private readonly Fixture _fixture;

    public GatewayAuthTests(Fixture fixture) => _fixture = fixture;

    public sealed class Fixture : IDisposable
    {
        // Nothing listens on the destinations: a request that passes the gateway's checks ends in 502.
        public GatewayFactory Gateway { get; } = new(new Dictionary<string, string?>
        {
            ["PLATFORM_RATE_LIMIT_PER_MINUTE"] = "3",
            ["Limits:MaxRequestBodyBytes"] = "2048",
            ["ReverseProxy:Clusters:listing:Destinations:primary:Address"] = "http://127.0.0.1:1/",
        });

        public void Dispose() => Gateway.Dispose();
    }

    private HttpClient Client(string? token)
    {
        var client = _fixture.Gateway.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(byte[]? key = null, string role = "university", string? org = "fudan", string issuer = PlatformRoles.Issuer,
        string audience = PlatformRoles.Audience, DateTime? notBefore = null, DateTime? expires = null, string subject = "t")
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, NotBefore = notBefore ?? now.AddMinutes(-1), IssuedAt = now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role, ["org"] = org ?? "" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? TestTokens.KeyBytes), SecurityAlgorithms.HmacSha256),
        };
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static string Unsigned()
    {
        static string B64(string s) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(s));
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
               B64($"{{\"iss\":\"{PlatformRoles.Issuer}\",\"aud\":\"{PlatformRoles.Audience}\",\"sub\":\"x\",\"role\":\"admin\",\"exp\":{exp}}}") + ".";
    }

    public static TheoryData<string, string?> Refused => new()
    {
        { "no token", null },
        { "alg none", Unsigned() },
        { "wrong key", Token(Encoding.UTF8.GetBytes("another-key-that-is-long-enough-0123456789")) },
        { "wrong issuer", Token(issuer: "someone-else") },
        { "wrong audience", Token(audience: "another-api") },
        { "expired", Token(expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddHours(-1)) },
        { "not yet valid", Token(notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddHours(1)) },
        { "garbage", "not-a-jwt" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Invalid_tokens_are_401(string why, string? token)
    {
        var response = await Client(token).GetAsync($"/api/listings/{Guid.NewGuid()}");
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
    }

    [Fact]
    public async Task A_role_none_of_the_four_is_403() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(Token(role: "janitor")).GetAsync($"/api/inventions/{Guid.NewGuid()}")).StatusCode);

    [Fact]
    public async Task Health_is_anonymous() =>
        Assert.Equal(HttpStatusCode.OK, (await Client(null).GetAsync("/health/live")).StatusCode);

    [Fact]
    public async Task Every_answer_carries_security_headers_and_the_traceparent()
    {
        var response = await Client(null).GetAsync($"/api/listings/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", response.Headers.GetValues("traceparent").Single());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413()
    {
        var body = new StringContent("{\"title\": \"" + new string('x', 10_000) + "\"}", Encoding.UTF8, "application/json");
        var response = await Client(Token(org: "big-" + Guid.NewGuid().ToString("N")[..6])).PostAsync("/api/inventions", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_interactive_reference_is_at_docs_without_a_token()
    {
        var response = await Client(null).GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/revenue-sharing.json", html); // resolved against the origin by Scalar, as its default /openapi/v1.json
        // A token field for the bearer scheme, and none of Scalar's own offers (agent, MCP, developer tools, .NET buttons).
        Assert.Contains("\"preferredSecurityScheme\":[\"bearer\"]", html);
        Assert.Contains("\"agent\":{\"disabled\":true}", html);
        Assert.Contains("\"mcp\":{\"disabled\":true}", html);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html);
        Assert.Contains("\"_integration\":null", html);
    }

    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_retry_after()
    {
        var org = "rate-" + Guid.NewGuid().ToString("N")[..6];
        var client = Client(Token(org: org));
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++) last = await client.GetAsync($"/api/listings/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        // Another caller has a budget of its own: another organisation, or another person of the same one.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Client(Token(org: "other-" + Guid.NewGuid().ToString("N")[..6])).GetAsync($"/api/listings/{Guid.NewGuid()}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Client(Token(org: org, subject: "colleague")).GetAsync($"/api/listings/{Guid.NewGuid()}")).StatusCode);
    }
}
