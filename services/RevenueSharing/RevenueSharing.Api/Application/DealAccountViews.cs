using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Application;

/// <summary>RewardShares: the shares granted to the contributor (equity deals only; a withheld part is 0 and flagged).</summary>
public sealed record ContributorAccount(string PersonId, decimal Share, Money Amount, Money Paid, Money TaxableBase, long? RewardShares);

/// <summary>UnitShares: the unit's part of the shares received (co-owning researchers hold the rest); the floor applies to it.</summary>
public sealed record EquityView(long TotalShares, long UnitShares, long RewardShares, long WithheldShares);

/// <summary>
/// For a self-implementation (mode self_implementation), grossIncome and netIncome hold the operating profit of
/// its reward years, and rewardPool the rewards due for them (each year rounded up on its own).
/// </summary>
public sealed record DealAccountView(
    Guid DealId, string UniversityId, string Mode, string Status, IReadOnlyList<RegistrationSnapshot> Registrations, int PolicyVersion,
    Money GrossIncome, Money DirectCosts, Money NetIncome, decimal RewardShare, Money RewardPool, Money Distributed,
    IReadOnlyList<ContributorAccount> Contributors, EquityView? Equity, bool Compliant, IReadOnlyList<FlagSnapshot> Flags)
{
    [System.Text.Json.Serialization.JsonIgnore] public decimal Floor { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public DateTimeOffset ConcludedAt { get; init; }
    [System.Text.Json.Serialization.JsonIgnore] public int OverduePayouts { get; init; }
}

/// <summary>A deal account as the API and the compliance report show it: one use case for both.</summary>
public static class DealAccountViews
{
    /// <summary>The account as of now: totals, pool, contributors' amounts and taxable bases, flags, compliance.</summary>
    public static async Task<DealAccountView> BuildAsync(RevenueDbContext db, DealAccount account, DateTimeOffset now, CancellationToken ct) =>
        (await BuildManyAsync(db, [account], now, ct))[0];

    /// <summary>
    /// The accounts' views, in their order, from one read of each kind of record for all of them (a few queries
    /// whatever their number: the compliance report builds thousands).
    /// </summary>
    public static async Task<IReadOnlyList<DealAccountView>> BuildManyAsync(RevenueDbContext db, IReadOnlyList<DealAccount> accounts,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = accounts.Select(a => a.DealId).ToList();
        var totals = await DealTotals.LoadManyAsync(db, accounts, ct);
        var payouts = (await db.Payouts.AsNoTracking().Where(p => ids.Contains(p.DealId)).ToListAsync(ct)).ToLookup(p => p.DealId);
        var grants = (await db.EquityGrants.AsNoTracking().Where(g => ids.Contains(g.DealId)).ToListAsync(ct)).ToLookup(g => g.DealId);
        var publicity = (await db.PublicityRecords.AsNoTracking().Where(p => ids.Contains(p.DealId)).ToListAsync(ct)).ToLookup(p => p.DealId);
        return accounts.Select(a => Build(a, totals[a.DealId], [.. payouts[a.DealId]], [.. grants[a.DealId]],
            DealFacts.From(a, [.. publicity[a.DealId]], payouts[a.DealId]), now)).ToList();
    }

    private static DealAccountView Build(DealAccount account, DealTotals totals, List<Payout> payouts, List<EquityGrant> grants,
        DealFacts facts, DateTimeOffset now)
    {
        var net = totals.NetIncome;
        var pool = account.Mode == DealModes.SelfImplementation
            ? totals.Distributed
            : Rounding.UpToMinorUnit(account.RewardShare * Math.Max(net, 0m), Currency.Cny);
        var views = payouts.Select(p => facts.View(p, now)).ToList();
        var contributors = account.Contributors.Select(c =>
        {
            var mine = views.Where(p => p.PersonId == c.PersonId).ToList();
            // The taxable base is provisional (as if paid now) until a payout is paid, then fixed (services/RevenueSharing/README.md §5).
            return new ContributorAccount(c.PersonId, c.Share, Money.Cny(mine.Sum(p => p.Amount.Amount)),
                Money.Cny(mine.Where(p => p.Status == PayoutStatus.Paid.ToWire()).Sum(p => p.Amount.Amount)), Money.Cny(mine.Sum(p => p.TaxableBase.Amount)),
                account.EquityTotalShares is null ? null : grants.Where(g => g.PersonId == c.PersonId && !g.Withheld).Sum(g => g.Shares));
        }).ToList();
        var withheld = grants.Where(g => g.Withheld).ToList();
        var equityFlags = withheld.Count == 0 ? [] : new[]
        {
            new FlagSnapshot
            {
                Code = EquityGrant.UnitHeadFlag,
                Detail = $"Withheld for the unit to settle otherwise: {string.Join(", ", withheld.Select(g => $"{g.PersonId} {g.Shares} shares"))} (unit head).",
            },
        };
        var leadersUnpublicised = facts.LeadersGrantedWithoutPublicity(grants, now).ToList();
        if (leadersUnpublicised.Count > 0)
            equityFlags = [.. equityFlags, new FlagSnapshot
            {
                Code = PayoutFlags.PublicityMissing,
                Detail = $"Equity granted to {string.Join(", ", leadersUnpublicised)} (leadership post) with no publicity record naming them.",
            }];
        var flags = account.Flags.ToView().Concat(equityFlags).Concat(views.SelectMany(v => v.Flags).GroupBy(f => f.Code)
            .Select(g => new FlagSnapshot { Code = g.Key, Detail = string.Join(" ", g.Select(f => f.Detail).Distinct()) })).ToList();
        var equity = account.EquityTotalShares is { } total
            ? new EquityView(total, RewardCalculation.UnitShares(total, account.Rights), grants.Sum(g => g.Shares), withheld.Sum(g => g.Shares))
            : null;
        // services/RevenueSharing/README.md §7: compliant when distributed ≥ floor × net (for equity: reward shares ≥ floor × shares received)
        // and no flag other than below_p10.
        var rewardEnough = equity is null
            ? totals.Distributed >= account.Floor * Math.Max(net, 0m)
            : equity.RewardShares >= account.Floor * equity.UnitShares;
        var compliant = rewardEnough && flags.All(f => f.Code == "below_p10");
        return new DealAccountView(
            account.DealId, account.UniversityId, account.Mode, account.Status, account.Registrations.ToView(), account.PolicyVersion,
            Money.Cny(totals.GrossIncome), Money.Cny(totals.DirectCosts), Money.Cny(net), account.RewardShare,
            Money.Cny(pool), Money.Cny(totals.Distributed), contributors, equity, compliant, flags)
        {
            Floor = account.Floor,
            ConcludedAt = account.ConcludedAt,
            OverduePayouts = views.Count(v => v.Flags.Any(f => f.Code == PayoutFlags.Overdue)),
        };
    }
}
