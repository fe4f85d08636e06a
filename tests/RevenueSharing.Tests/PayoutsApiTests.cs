using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Contracts;
using Listing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §5: payouts, their payment, publicity before paying a leader, overdue, the taxable base.</summary>
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
        // Money arrives after the deal concludes (a receipt dated before it is refused).
        var dealId = await fixture.ConcludeDealAsync(contributors, university: university, registrations: registrations,
            concludedAt: receivedAt.AddDays(-1));
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

    private static object Person(string personId, string amount) => new { personId, amount = new { amount, currency = "CNY" } };

    private static object Publicity(DateTimeOffset endsAt, params object[] persons) =>
        new { persons, startsAt = endsAt.AddDays(-15), endsAt, reference = "notice " + Guid.NewGuid().ToString("N")[..6] };

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
            persons = new[] { Person("lead", "350.00"), Person("staff", "350.00") }, startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddDays(-5), reference = "notice 2026-11",
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
            persons = new[] { Person("lead", "350.00") }, startsAt = DateTimeOffset.UtcNow.AddDays(-20), endsAt = DateTimeOffset.UtcNow.AddDays(-5), reference = "notice",
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

    [Fact]
    public async Task Two_concurrent_payments_of_one_payout_pay_it_once()
    {
        var university = "race-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, RewardCalculationTests.WorkedExampleContributors, DateTimeOffset.UtcNow);
        var payout = (await PayoutsAsync(fixture.Client("university", university), dealId))[0]!;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            fixture.Client("university", university).PostAsJsonAsync($"/api/payouts/{payout["id"]}/pay", Payment($"RACE-{i}"))));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var payoutId = Guid.Parse(payout["id"]!.GetValue<string>());
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.Kind == "payout_paid" && e.SourceId == payoutId)));
    }

    [Fact]
    public async Task A_leader_is_paid_only_with_a_publicity_record_of_the_amount_whose_period_has_ended()
    {
        var university = "pub-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, WithALeader, DateTimeOffset.UtcNow);
        var client = fixture.Client("university", university);
        var lead = (await PayoutsAsync(client, dealId)).Single(p => p!["personId"]!.GetValue<string>() == "lead")!; // 350.00
        async Task<HttpStatusCode> PayAsync(object body) => (await client.PostAsJsonAsync($"/api/payouts/{lead["id"]}/pay", body)).StatusCode;

        // A record of a smaller amount, and one whose period has not ended, do not cover the payment.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity",
            Publicity(DateTimeOffset.UtcNow.AddDays(-1), Person("lead", "349.99")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity",
            Publicity(DateTimeOffset.UtcNow.AddDays(3), Person("lead", "350.00")))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PayAsync(Payment("P-1")));
        // A payment may not be dated in the future, even past a record that will have ended by then.
        Assert.Equal(HttpStatusCode.BadRequest, await PayAsync(new { paidAt = DateTimeOffset.UtcNow.AddDays(5), bankReference = "P-2" }));

        var created = await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", Publicity(DateTimeOffset.UtcNow.AddDays(-1), Person("lead", "350.00")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var record = JsonNode.Parse(await client.GetStringAsync(created.Headers.Location))!; // the Location answers
        Assert.Equal("350.00", record["persons"]![0]!["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal(3, JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/revenue/deals/{dealId}/publicity"))!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client("university", "another").GetAsync(created.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await PayAsync(Payment("P-3")));
    }

    [Fact]
    public async Task The_58_window_counts_36_calendar_months_in_Shanghai_dates()
    {
        var assets = new[] { new RevenueSharing.Rules.IpAsset { Kind = "patent" } };
        var received = DateTimeOffset.Parse("2026-03-01T00:30:00+08:00", System.Globalization.CultureInfo.InvariantCulture); // 2026-02-28 in UTC
        bool Half(string paidAt) => RevenueSharing.Api.Domain.TaxableBase.HalfApplies("transfer", assets, true, true, received, DateTimeOffset.Parse(paidAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Half("2029-03-01T23:00:00+08:00")); // the last day of the 36th month, late in the Shanghai day
        Assert.False(Half("2029-03-02T00:00:01+08:00"));
        // A deadline past 36 months is cut to 36 calendar months.
        Assert.Equal(new DateOnly(2029, 3, 1), RevenueSharing.Api.Domain.PayoutRules.DueOn(received, 1096));
        Assert.Equal(new DateOnly(2026, 8, 28), RevenueSharing.Api.Domain.PayoutRules.DueOn(received, 180));
    }

    [Fact]
    public async Task A_payment_dated_before_its_money_arrived_is_refused()
    {
        var university = "early-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, RewardCalculationTests.WorkedExampleContributors, DateTimeOffset.UtcNow.AddDays(-3));
        var client = fixture.Client("university", university);
        var payout = (await PayoutsAsync(client, dealId))[0]!;
        var early = await client.PostAsJsonAsync($"/api/payouts/{payout["id"]}/pay", new { paidAt = DateTimeOffset.UtcNow.AddDays(-10), bankReference = "E-1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        Assert.Contains("/problems/paid-before-received", await early.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_publicity_record_covers_the_total_paid_to_a_leader_not_each_payout_alone()
    {
        var university = "sum-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await DealWithReceiptAsync(university, WithALeader, DateTimeOffset.UtcNow);
        var client = fixture.Client("university", university);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = "SUM-2",
        })).StatusCode);
        var leads = (await PayoutsAsync(client, dealId)).Where(p => p!["personId"]!.GetValue<string>() == "lead").ToList(); // 350.00 each
        Assert.Equal(2, leads.Count);
        await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", Publicity(DateTimeOffset.UtcNow.AddDays(-1), Person("lead", "350.00")));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/payouts/{leads[0]!["id"]}/pay", Payment("S-1"))).StatusCode);
        // 700.00 in all would exceed the 350.00 published.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/payouts/{leads[1]!["id"]}/pay", Payment("S-2"))).StatusCode);
        await client.PostAsJsonAsync($"/api/revenue/deals/{dealId}/publicity", Publicity(DateTimeOffset.UtcNow.AddDays(-1), Person("lead", "700.00")));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/payouts/{leads[1]!["id"]}/pay", Payment("S-3"))).StatusCode);
    }
}
