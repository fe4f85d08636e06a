using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Time;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §4: self-implementation rewards at least 5% of each year's operating profit for 5 years from the first profitable year.</summary>
public class SelfImplementationTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    private static object Profit(int year, string amount, string currency = "CNY") => new { year, operatingProfit = new { amount, currency } };

    private static decimal Amount(JsonNode? money) => decimal.Parse(money!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(Guid Id, HttpClient University)> RegisterAsync(string university)
    {
        var listingId = await fixture.PublishListingAsync(RewardCalculationTests.WorkedExampleContributors, university);
        var client = fixture.Client("university", university);
        var response = await client.PostAsJsonAsync("/api/self-implementations", new { listingId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid.Parse(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>()), client);
    }

    private static async Task<JsonNode> ReportAsync(HttpClient client, Guid id, int year, string amount)
    {
        var response = await client.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(year, amount));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Theory]
    [InlineData(0.05, 1000.01, 2026, 2026, 50.01)] // 50.0005 rounds up to the fen
    [InlineData(0.05, -500.00, 2026, null, 0)]      // a loss rewards nothing
    [InlineData(0.05, 1000.00, 2030, 2026, 50.00)]  // the fifth year
    [InlineData(0.05, 1000.00, 2031, 2026, 0)]      // the sixth year: outside the window
    [InlineData(0.10, 1000.00, 2026, 2026, 100.00)] // a policy above the minimum
    public void The_yearly_reward(decimal share, decimal profit, int year, int? firstProfitable, decimal reward) =>
        Assert.Equal(reward, RewardCalculation.SelfImplementationReward(share, profit, year, firstProfitable));

    [Fact]
    public async Task Five_years_from_the_first_profitable_year_at_five_percent_split_to_the_fen()
    {
        var (id, university) = await RegisterAsync("self-" + Guid.NewGuid().ToString("N")[..6]);
        Assert.Equal(0m, Amount((await ReportAsync(university, id, 2018, "-20000.00"))["reward"]));
        Assert.Equal(50_000m, Amount((await ReportAsync(university, id, 2019, "1000000.00"))["reward"]));
        Assert.Equal(0m, Amount((await ReportAsync(university, id, 2020, "-1.00"))["reward"])); // a loss year inside the window
        foreach (var year in new[] { 2021, 2022, 2023 })
            Assert.Equal(5_000m, Amount((await ReportAsync(university, id, year, "100000.00"))["reward"]));
        var late = await ReportAsync(university, id, 2024, "100000.00");
        Assert.Equal(0m, Amount(late["reward"]));
        Assert.False(late["inRewardWindow"]!.GetValue<bool>());

        var view = JsonNode.Parse(await university.GetStringAsync($"/api/self-implementations/{id}"))!;
        Assert.Equal(2019, view["firstProfitableYear"]!.GetValue<int>());
        Assert.Equal(2023, view["lastRewardYear"]!.GetValue<int>());
        Assert.Equal(65_000m, Amount(view["rewardTotal"]));

        // The account and the payouts work as for a deal: 50,000 split 0.4/0.3/0.2/0.1, compliant at ≥ 5%.
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{id}"))!;
        Assert.Equal("self_implementation", account["mode"]!.GetValue<string>());
        Assert.Equal(65_000m, Amount(account["distributed"]));
        Assert.Equal(1_300_000m, Amount(account["netIncome"]));
        Assert.True(account["compliant"]!.GetValue<bool>());
        Assert.Equal([26_000m, 19_500m, 13_000m, 6_500m], account["contributors"]!.AsArray().Select(c => Amount(c!["amount"])));
        var payouts = JsonNode.Parse(await university.GetStringAsync($"/api/payouts?dealId={id}"))!["items"]!.AsArray();
        Assert.Equal(4 * 4, payouts.Count);
        var verify = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify"))!;
        Assert.True(verify["valid"]!.GetValue<bool>());

        // The offline verifier recomputes the same yearly rewards and splits, and notices a reward that is off.
        var lines = (await fixture.Client("auditor").GetStringAsync("/api/audit/export")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var key = Convert.FromBase64String(JsonNode.Parse(lines[0])!["publicKey"]!.GetValue<string>());
        var report = RevenueSharing.Rules.Audit.LedgerAudit.Verify(RevenueSharing.Rules.Audit.LedgerExport.Read(new StringReader(string.Join('\n', lines))), [], key);
        Assert.True(report.Valid, string.Join("\n", report.Findings));
        var changed = lines.Select(l =>
        {
            var line = JsonNode.Parse(l)!;
            if (line["type"]!.GetValue<string>() != "profit_report" || line["selfImplementationId"]!.GetValue<Guid>() != id || line["year"]!.GetValue<int>() != 2024) return l;
            line["reward"] = "5000.00"; // outside the five-year window
            return line.ToJsonString();
        });
        Assert.Contains(RevenueSharing.Rules.Audit.LedgerAudit.Verify(RevenueSharing.Rules.Audit.LedgerExport.Read(new StringReader(string.Join('\n', changed))), [], key).Findings,
            f => f.Code == "distribution-miscomputed");
    }

    [Fact]
    public async Task A_year_is_reported_once_and_in_order()
    {
        var (id, university) = await RegisterAsync("order-" + Guid.NewGuid().ToString("N")[..6]);
        await ReportAsync(university, id, 2025, "100.00");
        var again = await university.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(2025, "100.00"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var earlier = await university.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(2024, "100.00"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, earlier.StatusCode);
        Assert.Equal("/problems/profit-report-out-of-order", JsonNode.Parse(await earlier.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.ProfitReports.CountAsync(r => r.SelfImplementationId == id)));
    }

    [Fact]
    public async Task The_current_year_is_not_reported_until_it_has_ended()
    {
        var (id, university) = await RegisterAsync("now-" + Guid.NewGuid().ToString("N")[..6]);
        var thisYear = Platform.BuildingBlocks.Time.ShanghaiDate.Of(DateTimeOffset.UtcNow).Year;
        var response = await university.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(thisYear, "100000.00"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["year"]);
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.ProfitReports.CountAsync(r => r.SelfImplementationId == id)));
        Assert.Equal(HttpStatusCode.Created,
            (await university.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(thisYear - 1, "100000.00"))).StatusCode);
    }

    [Theory]
    [InlineData("{\"year\": 2026}", "operatingProfit")]
    [InlineData("{\"year\": 1800, \"operatingProfit\": {\"amount\": \"1.00\", \"currency\": \"CNY\"}}", "year")]
    [InlineData("{\"year\": 2100, \"operatingProfit\": {\"amount\": \"1.00\", \"currency\": \"CNY\"}}", "year")] // a year not begun
    [InlineData("{\"year\": 2026, \"operatingProfit\": {\"amount\": \"1.00\", \"currency\": \"USD\"}}", "operatingProfit")]
    public async Task Malformed_profit_reports_are_400_and_write_nothing(string json, string field)
    {
        var (id, university) = await RegisterAsync("bad-" + Guid.NewGuid().ToString("N")[..6]);
        var response = await university.PostAsync($"/api/self-implementations/{id}/profit-reports",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.ProfitReports.CountAsync(r => r.SelfImplementationId == id)));
    }

    [Fact]
    public async Task Only_the_owning_university_registers_and_reports_and_others_see_nothing()
    {
        var owner = "own-" + Guid.NewGuid().ToString("N")[..6];
        var listingId = await fixture.PublishListingAsync(RewardCalculationTests.WorkedExampleContributors, owner);
        var other = fixture.Client("university", "sjtu");
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsJsonAsync("/api/self-implementations", new { listingId })).StatusCode);
        var (id, _) = (Guid.Parse(JsonNode.Parse(await (await fixture.Client("university", owner).PostAsJsonAsync("/api/self-implementations",
            new { listingId })).Content.ReadAsStringAsync())!["id"]!.GetValue<string>()), 0);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/self-implementations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/self-implementations/{id}/profit-reports", Profit(2025, "1.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("auditor").GetAsync($"/api/self-implementations/{id}")).StatusCode);
        // One self-implementation per listing.
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Client("university", owner).PostAsJsonAsync("/api/self-implementations", new { listingId })).StatusCode);
    }

    [Fact]
    public async Task Two_concurrent_registrations_of_a_listing_make_one()
    {
        var listingId = await fixture.PublishListingAsync(RewardCalculationTests.WorkedExampleContributors, "race-u");
        var client = fixture.Client("university", "race-u");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsJsonAsync("/api/self-implementations", new { listingId })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.Accounts.CountAsync(a => a.ListingId == listingId)));
    }

    [Fact]
    public async Task An_unknown_listing_is_422_listing_not_published()
    {
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/self-implementations", new { listingId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/listing-not-published", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_policys_self_implementation_share_applies()
    {
        var university = "share-" + Guid.NewGuid().ToString("N")[..6];
        var policy = await fixture.Client("university", university).PutAsJsonAsync($"/api/policies/{university}", new
        {
            rewardShare = "0.70", remainder = new { department = "0.5", university = "0.3", transferOffice = "0.2" },
            payoutDeadlineDays = 180, publicityWorkingDays = 15, selfImplementationShare = "0.10",
            effectiveFrom = ShanghaiDate.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        var (id, client) = await RegisterAsync(university);
        Assert.Equal(100m, Amount((await ReportAsync(client, id, 2025, "1000.00"))["reward"]));
    }
}
