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

    public static async Task<DealTotals> LoadAsync(RevenueDbContext db, DealAccount account, CancellationToken ct) =>
        (await LoadManyAsync(db, [account], ct))[account.DealId];

    /// <summary>The totals of many deals, from one grouped read of each kind of record (the same sums for one deal or thousands).</summary>
    public static async Task<IReadOnlyDictionary<Guid, DealTotals>> LoadManyAsync(RevenueDbContext db, IReadOnlyCollection<DealAccount> accounts,
        CancellationToken ct)
    {
        var ids = accounts.Select(a => a.DealId).ToList();
        var rewarded = await db.Distributions.Where(d => ids.Contains(d.DealId)).GroupBy(d => d.DealId)
            .Select(g => new { g.Key, Sum = g.Sum(d => d.Pool) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        // Self-implementations: the operating profit of the years that gave a reward (profitable, within the 5-year window).
        var profit = await db.ProfitReports.Where(r => ids.Contains(r.SelfImplementationId) && r.Reward > 0).GroupBy(r => r.SelfImplementationId)
            .Select(g => new { g.Key, Sum = g.Sum(r => r.OperatingProfit) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        var receipts = await db.Receipts.Where(r => ids.Contains(r.DealId)).GroupBy(r => r.DealId)
            .Select(g => new { g.Key, Gross = g.Sum(r => r.AmountCny + r.WithholdingCny), CoOwner = g.Sum(r => r.CoOwnerCny) })
            .ToDictionaryAsync(g => g.Key, ct);
        // Withholding per receipt, as each was rounded when recorded.
        var withholdings = (await db.Receipts.Where(r => ids.Contains(r.DealId) && r.WithholdingCny != 0)
            .Select(r => new { r.DealId, r.WithholdingCny }).ToListAsync(ct)).ToLookup(r => r.DealId, r => r.WithholdingCny);
        var costs = await db.Costs.Where(c => ids.Contains(c.DealId)).GroupBy(c => c.DealId)
            .Select(g => new { g.Key, Sum = g.Sum(c => c.AmountCny) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        var remainders = await db.LedgerEntries.Where(e => ids.Contains(e.DealId) && e.Kind == LedgerKinds.UnitRemainder).GroupBy(e => e.DealId)
            .Select(g => new { g.Key, Sum = g.Sum(e => e.Amount) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        return accounts.ToDictionary(a => a.DealId, a =>
        {
            var distributed = rewarded.GetValueOrDefault(a.DealId);
            if (a.Mode == DealModes.SelfImplementation) return new DealTotals(profit.GetValueOrDefault(a.DealId), 0m, 0m, distributed, 0m);
            var received = receipts.GetValueOrDefault(a.DealId);
            var withholding = withholdings[a.DealId].Sum(w => RewardCalculation.UnitWithholding(w, a.Rights));
            return new DealTotals(received?.Gross ?? 0m, received?.CoOwner ?? 0m, costs.GetValueOrDefault(a.DealId) + withholding, distributed,
                remainders.GetValueOrDefault(a.DealId));
        });
    }
}
