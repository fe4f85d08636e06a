using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Listing.Contracts;
using Microsoft.EntityFrameworkCore;

namespace RevenueSharing.Tests;

/// <summary>
/// The reward rule on random histories of one deal, through the API on the real database (README §3–§5, §7):
/// policy and floor changes before and after conclusion, receipts (some with withholding, some reversed), costs (some
/// reversed) and payments. After every step: distributed ≥ floor × net income, at the share applied at conclusion;
/// each distribution's parts sum to its pool; each receipt's ledger entries sum to its gross; at the end the chain verifies.
/// </summary>
public class RewardPropertyTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    public abstract record Step;
    public sealed record SetPolicy(int ShareBasisPoints) : Step;
    public sealed record RaiseFloor(int FloorBasisPoints) : Step;
    public sealed record AddReceipt(long Fen, long WithheldFen) : Step;
    public sealed record AddCost(long Fen) : Step;
    public sealed record ReverseLastCost : Step;
    public sealed record ReverseLastReceipt : Step;
    public sealed record PayOne : Step;

    private static readonly Gen<Step> BeforeConclusion = Gen.OneOf<Step>(
        Gen.Int[5_000, 10_000].Select(bp => (Step)new SetPolicy(bp)),
        Gen.Int[5_000, 9_000].Select(bp => (Step)new RaiseFloor(bp)));

    private static readonly Gen<Step> AfterConclusion = Gen.Frequency<Step>(
        (5, Gen.Select(Gen.Long[1, 5_000_000], Gen.Long[0, 500_000], Gen.Int[0, 2], (fen, withheld, w) => (Step)new AddReceipt(fen, w == 0 ? withheld : 0))),
        (3, Gen.Long[1, 3_000_000].Select(fen => (Step)new AddCost(fen))),
        (1, Gen.Const<Step>(new ReverseLastCost())),
        (1, Gen.Const<Step>(new ReverseLastReceipt())),
        (2, Gen.Const<Step>(new PayOne())),
        (1, Gen.Int[5_000, 9_500].Select(bp => (Step)new RaiseFloor(bp))),
        (1, Gen.Int[5_000, 10_000].Select(bp => (Step)new SetPolicy(bp))));

    private static readonly Gen<(Step[] Before, Step[] After, bool CoOwned)> Histories =
        Gen.Select(BeforeConclusion.Array[0, 4], AfterConclusion.Array[3, 10], Gen.Bool);

    private static string Money(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static decimal Amount(JsonNode? money) => decimal.Parse(money!["amount"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Random_histories_of_a_deal_keep_the_reward_at_the_floor_and_the_ledger_reconciled() =>
        await Histories.SampleAsync(async history => await RunAsync(history.Before, history.After, history.CoOwned), iter: 25, threads: 1,
            print: h => $"before: {string.Join(", ", h.Before.Select(s => s.ToString()))}; after: {string.Join(", ", h.After.Select(s => s.ToString()))}; co-owned: {h.CoOwned}");

    private async Task RunAsync(Step[] before, Step[] after, bool coOwned)
    {
        // A private jurisdiction and university, so that floor changes touch no other test.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (university, jurisdiction) = ("prop-" + tag, "PT-" + tag);
        var admin = fixture.Client("admin");
        var client = fixture.Client("university", university);
        Ok(await admin.PutAsJsonAsync($"/api/jurisdictions/{jurisdiction}", new { floor = "0.50" }));
        Ok(await admin.PutAsJsonAsync($"/api/universities/{university}/jurisdiction", new { jurisdiction }));
        var floor = 0.50m;
        decimal? policy = null;
        async Task ApplyAsync(Step step)
        {
            switch (step)
            {
                case SetPolicy p:
                    var share = p.ShareBasisPoints / 10_000m;
                    var set = await client.PutAsJsonAsync($"/api/policies/{university}", new
                    {
                        rewardShare = share.ToString(CultureInfo.InvariantCulture), effectiveFrom = Platform.BuildingBlocks.Time.ShanghaiDate.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    });
                    if (share >= floor) { Ok(set); policy = share; }
                    else Assert.Equal(HttpStatusCode.UnprocessableEntity, set.StatusCode); // below the floor: refused
                    break;
                case RaiseFloor f:
                    floor = Math.Max(floor, f.FloorBasisPoints / 10_000m);
                    Ok(await admin.PutAsJsonAsync($"/api/jurisdictions/{jurisdiction}", new { floor = floor.ToString(CultureInfo.InvariantCulture) }));
                    break;
            }
        }
        foreach (var step in before) await ApplyAsync(step);
        var applied = Math.Max(policy ?? floor, floor); // the floor in force at conclusion governs

        var rights = coOwned ? new RightsSnapshot { Model = "researcher_co_owned", ResearcherShare = 0.3m } : null;
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university, rights: rights,
            concludedAt: DateTimeOffset.UtcNow);
        var account = await AccountAsync(client, dealId);
        Assert.Equal(applied, decimal.Parse(account["rewardShare"]!.GetValue<string>(), CultureInfo.InvariantCulture));

        var costs = new List<string>();
        var receipts = new List<string>();
        var n = 0;
        foreach (var step in after)
        {
            n++;
            switch (step)
            {
                case AddReceipt r:
                    var receipt = await client.PostAsJsonAsync("/api/receipts", new
                    {
                        dealId, amount = new { amount = Money(r.Fen), currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty",
                        withholdingTax = r.WithheldFen > 0 ? new { amount = Money(r.WithheldFen), currency = "CNY" } : null, reference = $"P-{n}",
                    });
                    receipts.Add(await IdOfCreatedAsync(receipt));
                    break;
                case AddCost c:
                    costs.Add(await IdOfCreatedAsync(await client.PostAsJsonAsync("/api/costs", new
                    {
                        dealId, category = "legal", amount = new { amount = Money(c.Fen), currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow,
                    })));
                    break;
                case ReverseLastCost when costs.Count > 0:
                    await IdOfCreatedAsync(await client.PostAsJsonAsync($"/api/costs/{costs[^1]}/reversal", new { reason = "wrong deal" }));
                    costs.RemoveAt(costs.Count - 1);
                    break;
                case ReverseLastReceipt when receipts.Count > 0:
                    await IdOfCreatedAsync(await client.PostAsJsonAsync($"/api/receipts/{receipts[^1]}/reversal", new { reason = "bounced" }));
                    receipts.RemoveAt(receipts.Count - 1);
                    break;
                case PayOne:
                    var due = JsonNode.Parse(await client.GetStringAsync($"/api/payouts?dealId={dealId}&status=due"))!["items"]!.AsArray().FirstOrDefault();
                    if (due is not null)
                        Ok(await client.PostAsJsonAsync($"/api/payouts/{due["id"]}/pay", new { paidAt = DateTimeOffset.UtcNow, bankReference = $"B-{n}" }));
                    break;
                default:
                    await ApplyAsync(step); // policy and floor changes after conclusion change nothing for this deal
                    break;
            }
            account = await AccountAsync(client, dealId);
            var net = Math.Max(Amount(account["netIncome"]), 0m);
            var distributed = Amount(account["distributed"]);
            Assert.True(distributed >= applied * net, $"step {n} ({step}): distributed {distributed} < {applied} × {net}");
            Assert.Equal(applied, decimal.Parse(account["rewardShare"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        }

        var id = Guid.Parse(dealId.ToString());
        var entries = await fixture.Service.WithDbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.DealId == id).ToListAsync());
        foreach (var distribution in await fixture.Service.WithDbAsync(db => db.Distributions.AsNoTracking().Where(d => d.DealId == id).ToListAsync()))
            Assert.Equal(distribution.Pool, entries.Where(e => e.Kind == LedgerKinds.Distribution && e.SourceId == distribution.Id).Sum(e => e.Amount));
        foreach (var receipt in await fixture.Service.WithDbAsync(db => db.Receipts.AsNoTracking().Where(r => r.DealId == id).ToListAsync()))
            Assert.Equal(receipt.GrossCny, entries.Where(e => LedgerKinds.OfReceipt.Contains(e.Kind) && e.SourceId == receipt.Id).Sum(e => e.Amount));
        Assert.Equal(entries.Count(e => e.Kind == LedgerKinds.PayoutPaid),
            JsonNode.Parse(await client.GetStringAsync($"/api/payouts?dealId={dealId}&status=paid&limit=200"))!["items"]!.AsArray().Count);
        Assert.True(JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify"))!["valid"]!.GetValue<bool>());

        // The offline verifier recomputes every distribution of the export by the same rules and agrees to the fen.
        var export = RevenueSharing.Rules.Audit.LedgerExport.Read(new StringReader(await fixture.Client("auditor").GetStringAsync("/api/audit/export"))).ToList();
        var key = Convert.FromBase64String(export.OfType<RevenueSharing.Rules.Audit.ExportedKey>().Single().PublicKey);
        var report = RevenueSharing.Rules.Audit.LedgerAudit.Verify(export, [], key);
        Assert.True(report.Valid, string.Join("\n", report.Findings));
        Assert.True(report.Distributions >= await fixture.Service.WithDbAsync(db => db.Distributions.CountAsync(d => d.DealId == id)));
    }

    private static async Task<JsonNode> AccountAsync(HttpClient client, Guid dealId) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/revenue/deals/{dealId}"))!;

    private static async Task<string> IdOfCreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static void Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
}
