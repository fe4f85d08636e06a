using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Time;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §4: policies at or above the floor of the university's jurisdiction, versioned, not backdated.</summary>
public class PoliciesApiTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    private static string Today => ShanghaiDate.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static object Policy(string share, string? from = null, string? selfShare = null) => new
    {
        rewardShare = share, remainder = new { department = "0.5", university = "0.3", transferOffice = "0.2" },
        payoutDeadlineDays = 90, publicityWorkingDays = 20, selfImplementationShare = selfShare ?? "0.05", effectiveFrom = from ?? Today,
    };

    private static async Task<string> ProblemType(HttpResponseMessage r) => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["type"]!.GetValue<string>();

    [Fact]
    public async Task Below_the_floor_is_422_and_nothing_is_recorded()
    {
        var university = "floor-" + Guid.NewGuid().ToString("N")[..6];
        var response = await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.69"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/below-floor", await ProblemType(response));
        var policy = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/policies/{university}"))!;
        Assert.Equal(0, policy["current"]!["version"]!.GetValue<int>());
        Assert.Equal("0.7", policy["current"]!["rewardShare"]!.GetValue<string>().TrimEnd('0'));
        Assert.Empty(policy["versions"]!.AsArray());
    }

    [Fact]
    public async Task A_backdated_policy_is_422_and_self_implementation_below_five_percent_is_422()
    {
        var university = "back-" + Guid.NewGuid().ToString("N")[..6];
        var client = fixture.Client("university", university);
        var yesterday = ShanghaiDate.Of(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("/problems/policy-backdated", await ProblemType(await client.PutAsJsonAsync($"/api/policies/{university}", Policy("0.80", yesterday))));
        Assert.Equal("/problems/below-floor", await ProblemType(await client.PutAsJsonAsync($"/api/policies/{university}", Policy("0.80", selfShare: "0.04"))));
    }

    [Fact]
    public async Task Versions_are_added_never_changed_and_only_by_the_university_or_an_admin()
    {
        var university = "ver-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "someone-else").PutAsJsonAsync($"/api/policies/{university}", Policy("0.80"))).StatusCode);
        var first = JsonNode.Parse(await (await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.80"))).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await fixture.Client("admin").PutAsJsonAsync($"/api/policies/{university}", Policy("0.85"))).Content.ReadAsStringAsync())!;
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.Equal(2, second["version"]!.GetValue<int>());
        var policy = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/policies/{university}"))!;
        Assert.Equal(2, policy["current"]!["version"]!.GetValue<int>());
        Assert.Equal(2, policy["versions"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_policy_in_force_at_conclusion_governs_the_deal()
    {
        var university = "gov-" + Guid.NewGuid().ToString("N")[..6];
        await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.80"));
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university);
        await fixture.Client("university", university).PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "P-1",
        });
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(1, account["policyVersion"]!.GetValue<int>());
        Assert.Equal("800.00", account["distributed"]!["amount"]!.GetValue<string>());
    }

    [Fact]
    public async Task Floors_are_reference_data_per_jurisdiction()
    {
        var university = "juris-" + Guid.NewGuid().ToString("N")[..6];
        var admin = fixture.Client("admin");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/jurisdictions/XX", new { floor = "0.40" })).StatusCode); // below the national floor
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/jurisdictions/CN-BJ", new { floor = "0.60" })).StatusCode);
        var unregistered = await admin.PutAsJsonAsync($"/api/universities/{university}/jurisdiction", new { jurisdiction = "CN-BJ" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unregistered.StatusCode);
        Assert.Contains("university-not-registered", await unregistered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/universities/{university}", new { name = "A university" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/universities/{university}/jurisdiction", new { jurisdiction = "CN-BJ" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", university).PutAsJsonAsync("/api/jurisdictions/CN-BJ", new { floor = "0.50" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.65"))).StatusCode);
        var list = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/jurisdictions"))!.AsArray();
        Assert.Contains(list, j => j!["code"]!.GetValue<string>() == "CN-SH" && j["floor"]!.GetValue<string>().StartsWith("0.70", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"rewardShare\": \"1.5\", \"effectiveFrom\": \"2030-01-01\"}", "rewardShare")]
    [InlineData("{\"rewardShare\": \"0.8\", \"effectiveFrom\": \"2030-01-01\", \"payoutDeadlineDays\": 2000}", "payoutDeadlineDays")]
    [InlineData("{\"rewardShare\": \"0.8\", \"effectiveFrom\": \"2030-01-01\", \"remainder\": {\"department\": \"0.5\", \"university\": \"0.5\", \"transferOffice\": \"0.5\"}}", "remainder")]
    [InlineData("{\"rewardShare\": \"0.8\"}", "effectiveFrom")]
    public async Task Bad_policies_are_400(string json, string field)
    {
        var response = await fixture.Client("admin").PutAsync("/api/policies/fudan", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task A_policy_left_below_a_raised_floor_is_not_in_force_and_deals_use_the_floor()
    {
        // tongji in CN (floor 0.50) sets 0.55, then is moved to CN-SH (0.70): a deal with net 940,000.00 distributes 658,000.00.
        var university = "tongji-" + Guid.NewGuid().ToString("N")[..6];
        var admin = fixture.Client("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/universities/{university}", new { name = "Tongji (a test's copy)" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/universities/{university}/jurisdiction", new { jurisdiction = "CN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.55"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/universities/{university}/jurisdiction", new { jurisdiction = "CN-SH" })).StatusCode);

        var policy = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/policies/{university}"))!["current"]!;
        Assert.Equal(1, policy["version"]!.GetValue<int>());
        Assert.False(policy["inForce"]!.GetValue<bool>());
        Assert.Equal(0.70m, decimal.Parse(policy["rewardShareApplied"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university);
        var client = fixture.Client("university", university);
        foreach (var (category, amount) in new[] { ("maintenance", "30000.00"), ("appraisal", "20000.00"), ("exchange_fee", "10000.00") })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/costs", new
            {
                dealId, category, amount = new { amount, currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow, evidenceRef = "invoice",
            })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "TJ-1",
        })).StatusCode);
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal("940000.00", account["netIncome"]!["amount"]!.GetValue<string>());
        Assert.Equal("658000.00", account["distributed"]!["amount"]!.GetValue<string>());
        Assert.True(account["compliant"]!.GetValue<bool>());
        var distribution = await fixture.Service.WithDbAsync(db => db.Distributions.SingleAsync(d => d.DealId == dealId));
        Assert.Equal(0.70m, distribution.RewardShare); // recorded with the distribution
        Assert.Equal(1, distribution.PolicyVersion);
    }

    [Fact]
    public async Task A_version_recorded_after_the_deal_concluded_does_not_govern_it_even_when_effective_that_day()
    {
        var university = "late-" + Guid.NewGuid().ToString("N")[..6];
        var concludedAt = DateTimeOffset.UtcNow; // the deal concludes before the version below is saved, on the same day
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", Policy("0.80"))).StatusCode);
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university, concludedAt: concludedAt);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("university", university).PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "L-1",
        })).StatusCode);
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(0, account["policyVersion"]!.GetValue<int>());
        Assert.Equal("700.00", account["distributed"]!["amount"]!.GetValue<string>());
    }
}
