using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>A deal's cumulative figures in CNY, summed from its records (never kept as mutable counters).</summary>
public sealed record DealTotals(decimal GrossIncome, decimal CoOwnerIncome, decimal DirectCosts, decimal Distributed, decimal UnitRemainder)
{
    public decimal UnitIncome => GrossIncome - CoOwnerIncome;
    public decimal NetIncome => UnitIncome - DirectCosts;

    /// <summary>What each contributor has been distributed on the deal so far, from the ledger's distribution entries.</summary>
    public static async Task<IReadOnlyDictionary<string, decimal>> DistributedByPersonAsync(RevenueDbContext db, Guid dealId, CancellationToken ct) =>
        await db.LedgerEntries.Where(e => e.DealId == dealId && e.Kind == LedgerKinds.Distribution && e.PersonId != null)
            .GroupBy(e => e.PersonId!).Select(g => new { g.Key, Sum = g.Sum(e => e.Amount) })
            .ToDictionaryAsync(g => g.Key, g => g.Sum, StringComparer.Ordinal, ct);

    public static async Task<DealTotals> LoadAsync(RevenueDbContext db, DealAccount account, CancellationToken ct)
    {
        var dealId = account.DealId;
        if (account.Mode == DealModes.SelfImplementation)
        {
            // The operating profit of the years that gave a reward (profitable, within the 5-year window).
            var profit = await db.ProfitReports.Where(r => r.SelfImplementationId == dealId && r.Reward > 0).SumAsync(r => r.OperatingProfit, ct);
            var rewarded = await db.Distributions.Where(d => d.DealId == dealId).SumAsync(d => d.Pool, ct);
            return new DealTotals(profit, 0m, 0m, rewarded, 0m);
        }
        var receipts = db.Receipts.Where(r => r.DealId == dealId);
        var gross = await receipts.SumAsync(r => r.AmountCny + r.WithholdingCny, ct);
        var coOwner = await receipts.SumAsync(r => r.CoOwnerCny, ct);
        // Per receipt, as each was rounded when recorded.
        var withholding = (await receipts.Where(r => r.WithholdingCny != 0).Select(r => r.WithholdingCny).ToListAsync(ct))
            .Sum(w => RewardCalculation.UnitWithholding(w, account.Rights));
        var costs = await db.Costs.Where(c => c.DealId == dealId).SumAsync(c => c.AmountCny, ct);
        var distributed = await db.Distributions.Where(d => d.DealId == dealId).SumAsync(d => d.Pool, ct);
        var unitRemainder = await db.LedgerEntries.Where(e => e.DealId == dealId && e.Kind == LedgerKinds.UnitRemainder).SumAsync(e => e.Amount, ct);
        return new DealTotals(gross, coOwner, costs + withholding, distributed, unitRemainder);
    }
}
