using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Tests;

public class IncomeApiTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    private static decimal Amount(JsonNode? money) => decimal.Parse(money!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private static object Cost(Guid dealId, string category, string amount, string currency = "CNY") => new
    {
        dealId, category, amount = new { amount, currency }, incurredAt = DateTimeOffset.UtcNow, evidenceRef = "invoice",
    };

    private static object Receipt(Guid dealId, string amount, string reference, string currency = "CNY", string? withholding = null) => new
    {
        dealId, amount = new { amount, currency }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront",
        withholdingTax = withholding is null ? null : new { amount = withholding, currency }, reference,
    };

    private Task<int> LedgerEntriesAsync(Guid dealId) => fixture.Service.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.DealId == dealId));

    [Fact]
    public async Task The_worked_example_through_the_api()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        foreach (var (category, amount) in new[] { ("maintenance", "30000.00"), ("appraisal", "20000.00"), ("exchange_fee", "10000.00") })
            Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/costs", Cost(dealId, category, amount))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "1000000.00", "LIC-1"))).StatusCode);

        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(1_000_000.00m, Amount(account["grossIncome"]));
        Assert.Equal(60_000.00m, Amount(account["directCosts"]));
        Assert.Equal(940_000.00m, Amount(account["netIncome"]));
        Assert.Equal(658_000.00m, Amount(account["rewardPool"]));
        Assert.Equal(658_000.00m, Amount(account["distributed"]));
        Assert.Equal(0, account["policyVersion"]!.GetValue<int>()); // no policy of its own: the CN-SH floor
        var amounts = account["contributors"]!.AsArray().ToDictionary(c => c!["personId"]!.GetValue<string>(), c => Amount(c!["amount"]));
        Assert.Equal(263_200.00m, amounts["A"]);
        Assert.Equal(197_400.00m, amounts["B"]);
        Assert.Equal(131_600.00m, amounts["C"]);
        Assert.Equal(65_800.00m, amounts["D"]);
        Assert.True(account["compliant"]!.GetValue<bool>());

        var payouts = await fixture.Service.WithDbAsync(db => db.Payouts.Where(p => p.DealId == dealId).ToListAsync());
        Assert.Equal(4, payouts.Count);
        Assert.All(payouts, p => Assert.Equal(RevenueSharing.Api.Domain.PayoutStatus.Due, p.Status));
    }

    [Theory]
    [InlineData(2, "received-in-future")]        // two days ahead: beyond any clock skew
    [InlineData(-3, "received-before-conclusion")] // the deal concluded a day ago
    public async Task A_receipt_dated_in_the_future_or_before_the_deal_is_422_and_writes_nothing(int days, string problem)
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, concludedAt: DateTimeOffset.UtcNow.AddDays(-1));
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "10.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow.AddDays(days), kind = "upfront", reference = "D-1",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal($"/problems/{problem}", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(0, await LedgerEntriesAsync(dealId));
        // Within the documented clock skew (5 minutes) a receipt "from the future" is accepted.
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "10.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow.AddMinutes(2), kind = "upfront", reference = "D-2",
        })).StatusCode);
    }

    [Fact]
    public async Task Times_with_an_offset_are_stored_as_the_same_instant_in_utc()
    {
        var shanghai = new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.FromHours(8));
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, concludedAt: shanghai.AddDays(-1));
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "10.00", currency = "CNY" }, receivedAt = shanghai, kind = "upfront", reference = "TZ-1",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await fixture.Service.WithDbAsync(db => db.Receipts.SingleAsync(r => r.DealId == dealId));
        Assert.Equal(shanghai, stored.ReceivedAt); // the same instant
        Assert.Equal(TimeSpan.Zero, stored.ReceivedAt.Offset);
    }

    [Fact]
    public async Task A_receipt_for_a_deal_not_concluded_here_is_422_and_writes_nothing()
    {
        var dealId = Guid.CreateVersion7();
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", "X"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/deal-not-concluded", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(0, await LedgerEntriesAsync(dealId));
    }

    [Theory]
    [InlineData("rd_salary")]
    [InlineData("fiscal_rd_funds")]
    [InlineData("overhead")]
    public async Task A_disallowed_cost_is_422_and_writes_nothing(string category)
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/costs", Cost(dealId, category, "100.00"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/problems/cost-not-allowed", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(0, await fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId)));
        Assert.Equal(0, await LedgerEntriesAsync(dealId));
    }

    [Fact]
    public async Task Foreign_currency_without_a_rate_is_422_fx_rate_missing()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.00", "USD-1", "USD"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("/problems/fx-rate-missing", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await LedgerEntriesAsync(dealId));
    }

    [Fact]
    public async Task Foreign_currency_converts_at_the_published_rate_of_its_date_which_is_stored_with_the_entry()
    {
        var received = DateTimeOffset.UtcNow;
        var date = Platform.BuildingBlocks.Time.ShanghaiDate.Of(received).AddDays(-3);
        await fixture.Service.Services.GetRequiredService<MassTransit.IBus>().Publish(new CrossBorder.Contracts.FxRateRecorded
        {
            OccurredAt = DateTimeOffset.UtcNow, RateId = Guid.CreateVersion7(), Currency = "GBP", Date = date, RateToCny = 9.12345678m,
        });
        await Platform.Testing.Eventually.TrueAsync(() => fixture.Service.WithDbAsync(db => db.FxRates.AnyAsync(r => r.Currency == "GBP")), what: "the rate");
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "GBP" }, receivedAt = received, kind = "royalty",
            withholdingTax = new { amount = "100.00", currency = "GBP" }, reference = "GBP-1",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await fixture.Service.WithDbAsync(db => db.Receipts.SingleAsync(r => r.DealId == dealId));
        Assert.Equal(9.12345678m, receipt.FxRate);
        Assert.Equal(9123.46m, receipt.AmountCny); // 1000 × 9.12345678 = 9123.45678 → half away from zero
        Assert.Equal(912.35m, receipt.WithholdingCny);
    }

    [Fact]
    public async Task A_cross_border_deal_of_free_technology_needs_its_export_registration_before_income()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, buyerCountry: "KE");
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.00", "KE-1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("/problems/deal-not-registered", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Once_deal_registered_brings_the_export_registration_the_first_receipt_is_accepted()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, buyerCountry: "KE");
        var account = await fixture.Service.WithDbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.DealId == dealId));
        await fixture.Service.Services.GetRequiredService<MassTransit.IBus>().Publish(new CrossBorder.Contracts.DealRegistered
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Deal = new CrossBorder.Contracts.DealSnapshot
            {
                Id = dealId, ListingId = account.ListingId, UniversityId = "fudan", Exchange = "STEX", Mode = "exclusive_licence",
                PricingMethod = "exchange_listing", Price = Platform.BuildingBlocks.Monetary.Money.Cny(1m),
                Buyer = new CrossBorder.Contracts.BuyerSnapshot { Name = "Acme", Country = "KE" }, CrossBorder = true, Status = "concluded",
                Registrations = [new CrossBorder.Contracts.RegistrationSnapshot { Kind = "export_contract", Number = "EX-1", RegisteredAt = DateTimeOffset.UtcNow }],
                Flags = [], ExportControlClass = "free", Rights = new Listing.Contracts.RightsSnapshot { Model = account.Rights.Model, ResearcherShare = account.Rights.ResearcherShare },
                IpAssets = [.. account.IpAssets.Select(a => new Listing.Contracts.IpAssetSnapshot { Kind = a.Kind })], DealVersion = 2,
            },
        });
        await Platform.Testing.Eventually.TrueAsync(() => fixture.Service.WithDbAsync(db => db.Accounts.AnyAsync(a => a.DealId == dealId && a.DealVersion == 2)),
            what: "the registration");
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.00", "KE-REG-1"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = JsonNode.Parse(await fixture.Client("university", "fudan").GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal("export_contract", Assert.Single(view["registrations"]!.AsArray())!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bank_reference_is_recorded_once_per_deal()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.00", "REF-1"))).StatusCode);
        var again = await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.00", "REF-1"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.Receipts.CountAsync(r => r.DealId == dealId)));
    }

    [Fact]
    public async Task Withholding_abroad_counts_as_gross_income_and_as_a_related_tax_cost()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "90000.00", "W-1", withholding: "10000.00"))).StatusCode);
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(100_000.00m, Amount(account["grossIncome"]));
        Assert.Equal(10_000.00m, Amount(account["directCosts"]));
        Assert.Equal(63_000.00m, Amount(account["rewardPool"]));
    }

    [Fact]
    public async Task A_co_owner_bears_their_share_of_the_withholding()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors,
            rights: new Listing.Contracts.RightsSnapshot { Model = "researcher_co_owned", ResearcherShare = 0.5m });
        var university = fixture.Client("university", "fudan");
        Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "90.00", "CO-1", withholding: "10.00"))).StatusCode);
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        // Gross 100: co-owners own 50 of it and bear 5 of the tax; the unit's net is 50 − 5 = 45, its pool 31.50.
        Assert.Equal(45.00m, Amount(account["netIncome"]));
        Assert.Equal(31.50m, Amount(account["rewardPool"]));

        // The receipt's ledger entries reconcile with its gross: what arrived for each owner and each one's part of the tax.
        var receiptId = await fixture.Service.WithDbAsync(db => db.Receipts.Where(r => r.DealId == dealId).Select(r => r.Id).SingleAsync());
        var entries = await fixture.Service.WithDbAsync(db => db.LedgerEntries.Where(e => e.SourceId == receiptId)
            .ToDictionaryAsync(e => e.Kind, e => e.Amount));
        Assert.Equal(new Dictionary<string, decimal>
        {
            ["receipt"] = 45.00m, ["withholding"] = 5.00m, ["co_owner_share"] = 45.00m, ["co_owner_withholding"] = 5.00m,
        }, entries);
        Assert.Equal(100.00m, entries.Values.Sum());
    }

    [Fact]
    public async Task The_location_of_a_receipt_answers_and_a_trimmed_reference_is_the_same_reference()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        var created = await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", "TX-9"));
        Assert.Equal(HttpStatusCode.OK, (await university.GetAsync(created.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client("university", "sjtu").GetAsync(created.Headers.Location)).StatusCode);
        var again = await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", " TX-9 "));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("/problems/receipt-reference-recorded", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_retried_receipt_with_its_idempotency_key_is_recorded_and_distributed_once()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        university.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var body = Receipt(dealId, "100.00", "IDEM-1"); // a retry sends the very same body
        var first = await university.PostAsJsonAsync("/api/receipts", body);
        var retry = await university.PostAsJsonAsync("/api/receipts", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode); // the first answer, not a 409 for the reference
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.Receipts.CountAsync(r => r.DealId == dealId)));
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.Distributions.CountAsync(d => d.DealId == dealId)));
    }

    [Fact]
    public async Task The_ledger_refuses_update_and_delete_even_from_the_owner()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", "L-1"));
        await using var connection = await Platform.Testing.TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString);
        foreach (var sql in new[] { "UPDATE ledger_entries SET amount = 0", "DELETE FROM ledger_entries", "TRUNCATE ledger_entries CASCADE" })
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal("42501", refused.SqlState);
        }
        Assert.True(await LedgerEntriesAsync(dealId) > 0);
    }

    [Fact]
    public async Task The_service_runs_as_a_role_granted_only_insert_and_select_on_the_ledger()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", "R-1"));
        Assert.Equal(RevenueDbContext.AppRole,
            await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT current_user::text AS \"Value\"").SingleAsync()));

        // With the append-only trigger out of the way, the grants alone still refuse the service's role.
        await using var owner = await Platform.Testing.TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString);
        await new Npgsql.NpgsqlCommand("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only", owner).ExecuteNonQueryAsync();
        try
        {
            foreach (var sql in new[] { "UPDATE ledger_entries SET amount = 0", "DELETE FROM ledger_entries", "TRUNCATE ledger_entries CASCADE" })
            {
                var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
                    fixture.Service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
                Assert.Equal("42501", refused.SqlState);
                Assert.Contains("permission denied", refused.MessageText);
            }
        }
        finally
        {
            await new Npgsql.NpgsqlCommand("ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only", owner).ExecuteNonQueryAsync();
        }
        Assert.True(await LedgerEntriesAsync(dealId) > 0);
    }

    [Fact]
    public async Task Receipts_and_costs_cannot_be_changed_or_deleted_by_the_service_even_after_set_role_none()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        await university.PostAsJsonAsync("/api/costs", Cost(dealId, "legal", "100.00"));
        await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "1000.00", "AO-1"));
        // The service logs in as its own role: session_user, not only current_user, is the app role.
        Assert.Equal(RevenueDbContext.AppRole,
            await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT session_user::text AS \"Value\"").SingleAsync()));
        foreach (var sql in new[] { "DELETE FROM costs", "UPDATE receipts SET amount_cny = 1", "SET ROLE NONE; DELETE FROM costs", "TRUNCATE receipts CASCADE" })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.Service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Equal("42501", refused.SqlState);
        }
        // The schema owner is refused too, by the trigger.
        await using var owner = await Platform.Testing.TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString);
        var byOwner = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => new Npgsql.NpgsqlCommand("DELETE FROM costs", owner).ExecuteNonQueryAsync());
        Assert.Contains("append-only", byOwner.MessageText);
        Assert.Equal(1, await fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId)));
    }

    [Fact]
    public async Task A_cost_recorded_by_mistake_is_reversed_with_a_reason_and_its_reward_distributed_at_once()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        var cost = JsonNode.Parse(await (await university.PostAsJsonAsync("/api/costs", Cost(dealId, "legal", "1000.00"))).Content.ReadAsStringAsync())!;
        await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "2000.00", "RV-1"));
        Assert.Equal(700.00m, Amount(JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!["distributed"]));

        Assert.Equal(HttpStatusCode.BadRequest, (await university.PostAsJsonAsync($"/api/costs/{cost["id"]}/reversal", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await fixture.Client("university", "sjtu").PostAsJsonAsync($"/api/costs/{cost["id"]}/reversal", new { reason = "not mine" })).StatusCode);
        var reversal = await university.PostAsJsonAsync($"/api/costs/{cost["id"]}/reversal", new { reason = "Invoice belonged to another deal." });
        Assert.Equal(HttpStatusCode.Created, reversal.StatusCode);
        var view = JsonNode.Parse(await reversal.Content.ReadAsStringAsync())!;
        Assert.Equal("-1000.00", view["amountCny"]!["amount"]!.GetValue<string>());
        Assert.Equal(cost["id"]!.GetValue<string>(), view["reversesId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await university.PostAsJsonAsync($"/api/costs/{cost["id"]}/reversal", new { reason = "again" })).StatusCode);
        // The net income it gives back is distributed at once: 0.70 × 2000.
        Assert.Equal(1400.00m, Amount(JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!["distributed"]));

        // The next receipt rewards the corrected net: 0.70 × (2000 + 10) = 1407.00 in all.
        await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "10.00", "RV-2"));
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(2010.00m, Amount(account["netIncome"]));
        Assert.Equal(1407.00m, Amount(account["distributed"]));
        Assert.True(JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify"))!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_reversed_receipt_negates_its_entries_and_lowers_net_income()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors,
            rights: new Listing.Contracts.RightsSnapshot { Model = "researcher_co_owned", ResearcherShare = 0.5m });
        var university = fixture.Client("university", "fudan");
        var receipt = JsonNode.Parse(await (await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "90.00", "RR-1", withholding: "10.00")))
            .Content.ReadAsStringAsync())!;
        var reversal = await university.PostAsJsonAsync($"/api/receipts/{receipt["id"]}/reversal", new { reason = "Bank returned the transfer." });
        Assert.Equal(HttpStatusCode.Created, reversal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await university.GetAsync(reversal.Headers.Location)).StatusCode);
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(0m, Amount(account["netIncome"]));
        var reversalId = Guid.Parse(JsonNode.Parse(await reversal.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        Assert.Equal(-100.00m, await fixture.Service.WithDbAsync(db => db.LedgerEntries.Where(e => e.SourceId == reversalId).SumAsync(e => e.Amount)));
    }

    [Fact]
    public async Task Only_the_owner_or_the_deals_exchange_records_income_and_others_see_no_account()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "sjtu").PostAsJsonAsync("/api/receipts", Receipt(dealId, "1.00", "S-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "SHIPX").PostAsJsonAsync("/api/receipts", Receipt(dealId, "1.00", "S-2"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "STEX").PostAsJsonAsync("/api/costs", Cost(dealId, "legal", "1.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client("university", "sjtu").GetAsync($"/api/revenue/deals/{dealId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("auditor").GetAsync($"/api/revenue/deals/{dealId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "fudan").GetAsync($"/api/audit/deals/{dealId}/trace")).StatusCode);
        Assert.Equal(0, await LedgerEntriesAsync(dealId));
    }

    [Theory]
    [InlineData("{\"dealId\": \"not-a-uuid\"}", "$.dealId")]
    [InlineData("{\"amount\": {\"amount\": \"1.001\", \"currency\": \"CNY\"}}", "$.amount")]
    [InlineData("{\"kind\": \"gift\"}", "$.kind")]
    public async Task Malformed_receipts_are_400(string json, string field)
    {
        var response = await fixture.Client("university", "fudan").PostAsync("/api/receipts",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task The_trace_links_every_entry_to_its_source_and_the_chain_recomputes()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        await university.PostAsJsonAsync("/api/costs", Cost(dealId, "legal", "100.00"));
        await university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "1000.00", "T-1"));

        var trace = JsonNode.Parse(await fixture.Client("auditor").GetStringAsync($"/api/audit/deals/{dealId}/trace"))!;
        var entries = trace["entries"]!.AsArray();
        Assert.Equal(["cost", "receipt", "distribution", "payout_scheduled"], entries.Select(e => e!["kind"]!.GetValue<string>()).Distinct().Take(4));
        Assert.Contains(entries, e => e!["kind"]!.GetValue<string>() == "unit_remainder");
        foreach (var e in entries)
        {
            var canonical = LedgerHashing.CanonicalJson(e!["sequence"]!.GetValue<long>(), e["at"]!.GetValue<DateTimeOffset>(), dealId,
                e["kind"]!.GetValue<string>(), Amount(e["amount"]), "CNY", e["personId"]?.GetValue<string>(),
                e["party"]?.GetValue<string>(), e["source"]!["type"]!.GetValue<string>(), Guid.Parse(e["source"]!["id"]!.GetValue<string>()), e["prevHash"]!.GetValue<string>());
            Assert.Equal(LedgerHashing.Hash(canonical), e["hash"]!.GetValue<string>());
        }
        // Within one request the entries are consecutive: each names the previous one's hash.
        for (var i = 1; i < entries.Count; i++)
            if (entries[i]!["sequence"]!.GetValue<long>() == entries[i - 1]!["sequence"]!.GetValue<long>() + 1)
                Assert.Equal(entries[i - 1]!["hash"]!.GetValue<string>(), entries[i]!["prevHash"]!.GetValue<string>());
        // 0.70 × (1000 − 100) = 630; the unit keeps 270.
        Assert.Equal(630.00m, entries.Where(e => e!["kind"]!.GetValue<string>() == "distribution").Sum(e => Amount(e!["amount"])));
        Assert.Equal(270.00m, entries.Where(e => e!["kind"]!.GetValue<string>() == "unit_remainder").Sum(e => Amount(e!["amount"])));
        // ... divided as the platform default remainder says (0.5 / 0.3 / 0.2), one entry per part.
        Assert.Equal(new Dictionary<string, decimal> { ["department"] = 135.00m, ["university"] = 81.00m, ["transfer_office"] = 54.00m },
            entries.Where(e => e!["kind"]!.GetValue<string>() == "unit_remainder")
                .ToDictionary(e => e!["party"]!.GetValue<string>(), e => Amount(e!["amount"])));
    }

    [Fact]
    public async Task Concurrent_receipts_never_fork_the_chain_or_overpay()
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            university.PostAsJsonAsync("/api/receipts", Receipt(dealId, "100.01", $"C-{i}"))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var account = JsonNode.Parse(await university.GetStringAsync($"/api/revenue/deals/{dealId}"))!;
        Assert.Equal(800.08m, Amount(account["netIncome"]));
        Assert.Equal(560.06m, Amount(account["distributed"])); // ceil(0.70 × 800.08 = 560.056)
        var sequences = await fixture.Service.WithDbAsync(db => db.LedgerEntries.OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.PrevHash, e.Hash }).ToListAsync());
        for (var i = 1; i < sequences.Count; i++)
        {
            Assert.Equal(sequences[i - 1].Sequence + 1, sequences[i].Sequence);
            Assert.Equal(sequences[i - 1].Hash, sequences[i].PrevHash);
        }
    }
}
