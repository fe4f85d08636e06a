using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Contracts;
using Listing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace RevenueSharing.Tests;

/// <summary>domain.md §5: payouts, their payment, publicity before paying a leader, overdue, the taxable base.</summary>
public class PayoutsApiTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    private static readonly IReadOnlyList<ContributorSnapshot> WithALeader =
    [
        new() { PersonId = "lead", Name = "Dean", Share = 0.5m, MainContributor = true, Role = "inventor", LeadershipPost = true },
        new() { PersonId = "staff", Name = "Staff", Share = 0.5m, Role = "inventor" },
    ];

    private async Task<Guid> DealWithReceiptAsync(string university, IReadOnlyList<ContributorSnapshot> contributors, DateTimeOffset receivedAt,
        IReadOnlyList<RegistrationSnapshot>? registrations = null)
    {
        var dealId = await fixture.ConcludeDealAsync(contributors, university: university, registrations: registrations);
        var response = await fixture.Client("university", university).PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt, kind = "upfront", reference = "R-" + Guid.NewGuid(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return dealId;
    }

    private async Task<JsonArray> PayoutsAsync(HttpClient client, Guid dealId) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/payouts?dealId={dealId}"))!["items"]!.AsArray();

    private static object Payment(string reference) => new { paidAt = DateTimeOffset.UtcNow, bankReference = reference };

    [Fact]
    public async Task Paying_records_the_bank_reference_and_a_ledger_entry_once()
    {
        var university = "pay-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, RewardCalculationTests.WorkedExampleContributors, DateTimeOffset.UtcNow);
        var client = fixture.Client("university", university);
        var payouts = await PayoutsAsync(client, dealId);
        Assert.Equal(4, payouts.Count);
        var payout = payouts.Single(p => p!["personId"]!.GetValue<string>() == "A")!;
        Assert.Equal("280.00", payout["amount"]!["amount"]!.GetValue<string>()); // 0.40 × 700.00

        var paid = await client.PostAsJsonAsync($"/api/payouts/{payout["id"]}/pay", Payment("BANK-1"));
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var view = JsonNode.Parse(await paid.Content.ReadAsStringAsync())!;
        Assert.Equal("paid", view["status"]!.GetValue<string>());
        Assert.True(view["taxableBaseFixed"]!.GetValue<bool>());
        Assert.Equal("280.00", view["taxableBase"]!["amount"]!.GetValue<string>()); // no tech_contract registration: 100%
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/payouts/{payout["id"]}/pay", Payment("BANK-2"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client("university", "other").PostAsJsonAsync($"/api/payouts/{payout["id"]}/pay", Payment("X"))).StatusCode);

        var trace = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/audit/deals/{dealId}/trace"))!["entries"]!.AsArray();
        var entry = Assert.Single(trace, e => e!["kind"]!.GetValue<string>() == "payout_paid")!;
        Assert.Equal(payout["id"]!.GetValue<string>(), entry["source"]!["id"]!.GetValue<string>());
        Assert.Equal(1, (await PayoutsAsync(client, dealId)).Count(p => p!["status"]!.GetValue<string>() == "paid"));
    }

    [Fact]
    public async Task A_leader_is_paid_only_after_a_publicity_record_and_the_account_shows_it_missing()
    {
        var university = "lead-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, WithALeader, DateTimeOffset.UtcNow);
        var client = fixture.Client("university", university);
        var lead = (await PayoutsAsync(client, dealId)).Single(p => p!["personId"]!.GetValue<string>() == "lead")!;

        var refused = await client.PostAsJsonAsync($"/api/payouts/{lead["id"]}/pay", Payment("B-1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("/problems/publicity-missing", await refused.Content.ReadAsStringAsync());
        var account = JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Contains(account["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "publicity_missing");
        Assert.False(account["compliant"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", new
        {
            personIds = new[] { "lead", "staff" }, startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddDays(-5), reference = "notice 2026-11",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/payouts/{lead["id"]}/pay", Payment("B-2"))).StatusCode);
        Assert.True(JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!["compliant"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unpaid_after_the_due_date_is_flagged_overdue()
    {
        var university = "late-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, RewardCalculationTests.WorkedExampleContributors, DateTimeOffset.UtcNow.AddDays(-200));
        var payouts = await PayoutsAsync(fixture.Client("university", university), dealId);
        Assert.All(payouts, p => Assert.Contains(p!["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "payout_overdue"));
        var account = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.False(account["compliant"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Half_the_reward_is_taxable_when_every_condition_of_58_holds()
    {
        var university = "tax-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, WithALeader, DateTimeOffset.UtcNow,
            [new RegistrationSnapshot { Kind = "tech_contract", Number = "TC-2026-1", RegisteredAt = DateTimeOffset.UtcNow }]);
        var client = fixture.Client("university", university);
        await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", new
        {
            personIds = new[] { "lead" }, startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddDays(-5), reference = "notice",
        });
        var account = JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        var byPerson = account["contributors"]!.AsArray().ToDictionary(c => c!["personId"]!.GetValue<string>(), c => c!["taxableBase"]!["amount"]!.GetValue<string>());
        Assert.Equal("175.00", byPerson["lead"]); // 350.00 reward, on the publicity record: 50%
        Assert.Equal("350.00", byPerson["staff"]); // not on it: 100%
    }

    [Fact]
    public async Task A_university_lists_only_its_own_payouts()
    {
        var university = "own-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, RewardCalculationTests.WorkedExampleContributors, DateTimeOffset.UtcNow);
        Assert.Empty(await PayoutsAsync(fixture.Client("university", "someone-else"), dealId));
        Assert.Equal(4, (await PayoutsAsync(fixture.Client("auditor"), dealId)).Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "STEX").GetAsync($"/api/payouts?dealId={dealId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client("auditor").GetAsync("/api/payouts?status=overdue")).StatusCode);
    }
}
