using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Listing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §4, §5, §7: equity deals reward in whole shares when they conclude; a unit head's part is withheld.</summary>
public class EquityTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    private static readonly IReadOnlyList<ContributorSnapshot> WithUnitHead =
    [
        new() { PersonId = "A", Name = "A", Share = 0.50m, MainContributor = true, Role = "inventor" },
        new() { PersonId = "H", Name = "H", Share = 0.30m, MainContributor = true, Role = "inventor", UnitHead = true },
        new() { PersonId = "C", Name = "C", Share = 0.20m, Role = "inventor" },
    ];

    [Fact]
    public void Reward_shares_round_up_and_split_in_whole_shares_that_sum_exactly()
    {
        Assert.Equal(700_001, RewardCalculation.EquityRewardShares(0.70m, 1_000_001)); // 700,000.7 → 700,001
        var split = RewardCalculation.SplitShares(700_001, RevenueSharing.Api.Domain.ContractMapping.ToOwn(RewardCalculationTests.WorkedExampleContributors));
        Assert.Equal(700_001, split.Sum(s => s.Shares));
        Assert.Equal([280_001, 210_000, 140_000, 70_000], split.Select(s => s.Shares)); // A's remainder .4 is the largest
    }

    [Fact]
    public async Task A_sale_of_reward_shares_makes_20_percent_of_the_proceeds_due_and_is_on_the_ledger()
    {
        var university = "sale-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university, equityShares: 1_000);
        var client = fixture.Client("university", university);
        object Sale(string person, long shares, string proceeds) =>
            new { personId = person, shares, proceeds = new { amount = proceeds, currency = "CNY" }, soldAt = DateTimeOffset.UtcNow };

        var sold = await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/equity-sales", Sale("A", 100, "12345.67")); // A holds 280
        Assert.Equal(HttpStatusCode.Created, sold.StatusCode);
        var view = JsonNode.Parse(await sold.Content.ReadAsStringAsync())!;
        Assert.Equal("2469.13", view["taxDue"]!["amount"]!.GetValue<string>()); // 20% of 12,345.67 = 2,469.134
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/equity-sales", Sale("A", 181, "1.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/equity-sales", Sale("nobody", 1, "1.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/equity-sales", new
        {
            personId = "A", shares = 1, proceeds = new { amount = "1.00", currency = "CNY" }, soldAt = DateTimeOffset.UtcNow.AddDays(3),
        })).StatusCode);

        var sales = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}/equity-sales"))!.AsArray();
        Assert.Equal("2469.13", Assert.Single(sales)!["taxDue"]!["amount"]!.GetValue<string>());
        var trace = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/audit/deals/{dealId}/trace"))!["entries"]!.AsArray();
        Assert.Contains(trace, e => e!["kind"]!.GetValue<string>() == "equity_sale");
        Assert.Contains(trace, e => e!["kind"]!.GetValue<string>() == "equity_sale_tax");
        Assert.True(JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify"))!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Equity_to_a_leader_is_flagged_publicity_missing_until_a_record_names_them()
    {
        var university = "eqlead-" + Guid.NewGuid().ToString("N")[..6];
        IReadOnlyList<ContributorSnapshot> withALeader =
        [
            new() { PersonId = "L", Name = "L", Share = 0.60m, MainContributor = true, Role = "inventor", LeadershipPost = true },
            new() { PersonId = "S", Name = "S", Share = 0.40m, Role = "inventor" },
        ];
        var dealId = await fixture.ConcludeDealAsync(withALeader, university: university, equityShares: 1_000);
        var client = fixture.Client("university", university);
        var account = JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Contains(account["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "publicity_missing");
        Assert.False(account["compliant"]!.GetValue<bool>());

        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", new
        {
            persons = new[] { new { personId = "L", amount = new { amount = "0.00", currency = "CNY" } } },
            startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddMinutes(-1), reference = "equity notice",
        })).StatusCode);
        account = JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.DoesNotContain(account["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "publicity_missing");
        Assert.True(account["compliant"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_equity_deal_grants_shares_at_conclusion_withholds_the_unit_heads_part_and_flags_it()
    {
        var dealId = await fixture.ConcludeDealAsync(WithUnitHead, equityShares: 1_000_000);
        var account = JsonNode.Parse(await fixture.Client("university", "fudan").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(1_000_000, account["equity"]!["totalShares"]!.GetValue<long>());
        Assert.Equal(700_000, account["equity"]!["rewardShares"]!.GetValue<long>());
        Assert.Equal(210_000, account["equity"]!["withheldShares"]!.GetValue<long>());
        var shares = account["contributors"]!.AsArray().ToDictionary(c => c!["personId"]!.GetValue<string>(), c => c!["rewardShares"]!.GetValue<long>());
        Assert.Equal(new Dictionary<string, long> { ["A"] = 350_000, ["H"] = 0, ["C"] = 140_000 }, shares);
        Assert.Contains(account["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "unit_head_equity");
        Assert.False(account["compliant"]!.GetValue<bool>()); // a flag other than below_p10

        // The ledger has one equity_grant per granted contributor, counted in shares, and no cash moved.
        var trace = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/audit/deals/{dealId}/trace"))!["entries"]!.AsArray();
        Assert.All(trace, e => Assert.Equal("equity_grant", e!["kind"]!.GetValue<string>()));
        Assert.Equal(new Dictionary<string, long> { ["A"] = 350_000, ["C"] = 140_000 },
            trace.ToDictionary(e => e!["personId"]!.GetValue<string>(), e => e!["shares"]!.GetValue<long>()));
        Assert.All(trace, e => Assert.Null(e!["amount"]));
        var verify = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify"))!;
        Assert.True(verify["valid"]!.GetValue<bool>());

        // No tax at grant: each granted part records its deferral; the withheld part records none.
        var grants = await fixture.Service.WithDbAsync(db => db.EquityGrants.Where(g => g.DealId == dealId).ToListAsync());
        Assert.All(grants.Where(g => !g.Withheld), g => Assert.NotNull(g.TaxDeferralRecordedAt));
        Assert.Null(grants.Single(g => g.Withheld).TaxDeferralRecordedAt);
    }

    [Fact]
    public async Task An_equity_deal_without_a_unit_head_is_compliant()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, equityShares: 10);
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(7, account["equity"]!["rewardShares"]!.GetValue<long>());
        Assert.Equal(7, account["contributors"]!.AsArray().Sum(c => c!["rewardShares"]!.GetValue<long>()));
        Assert.True(account["compliant"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Co_owning_researchers_shares_are_not_the_units_and_the_reward_is_on_the_units_part()
    {
        Assert.Equal(600, RewardCalculation.UnitShares(1000, new Rights { Model = "researcher_co_owned", ResearcherShare = 0.40m }));
        Assert.Equal(1000, RewardCalculation.UnitShares(1000, new Rights { Model = "unit_owned" }));
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, equityShares: 1000,
            rights: new RightsSnapshot { Model = "researcher_co_owned", ResearcherShare = 0.40m });
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(600, account["equity"]!["unitShares"]!.GetValue<long>());
        Assert.Equal(420, account["equity"]!["rewardShares"]!.GetValue<long>()); // 0.70 × 600
    }

    [Fact]
    public async Task An_equity_deal_takes_no_cash_receipt()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, equityShares: 1000);
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "10.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "E-1",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/not-a-cash-deal", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.Receipts.CountAsync(r => r.DealId == dealId)));
    }
}
