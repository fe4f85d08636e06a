using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Application;

public sealed record FlagView(string Code, string Detail);

public sealed record PayoutView(Guid Id, Guid DealId, Guid DistributionId, string PersonId, Money Amount, DateOnly DueOn, string Status,
    DateTimeOffset? PaidAt, string? BankReference, Money TaxableBase, bool TaxableBaseFixed, IReadOnlyList<FlagView> Flags);

/// <summary>What the tax rule and the flags need to know about a deal: its account and publicity records.</summary>
/// <param name="PaidByPerson">What each person has been paid on the deal so far: a publicity record covers the total.</param>
public sealed record DealFacts(DealAccount Account, IReadOnlyList<PublicityRecord> Publicity, IReadOnlyDictionary<string, decimal> PaidByPerson)
{
    public static async Task<DealFacts> LoadAsync(RevenueDbContext db, DealAccount account, CancellationToken ct) =>
        From(account, await db.PublicityRecords.AsNoTracking().Where(p => p.DealId == account.DealId).ToListAsync(ct),
            await db.Payouts.AsNoTracking().Where(p => p.DealId == account.DealId && p.Status == PayoutStatus.Paid).ToListAsync(ct));

    /// <summary>From records already read (the deal's publicity records, and its payouts: the paid ones are summed).</summary>
    public static DealFacts From(DealAccount account, IReadOnlyList<PublicityRecord> publicity, IEnumerable<Payout> payouts) =>
        new(account, publicity, payouts.Where(p => p.Status == PayoutStatus.Paid).GroupBy(p => p.PersonId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Amount), StringComparer.Ordinal));

    /// <summary>The person's total on the deal once this payout is paid (a paid one is already in the total).</summary>
    private decimal TotalWith(Payout p) => PaidByPerson.GetValueOrDefault(p.PersonId) + (p.Status == PayoutStatus.Paid ? 0m : p.Amount);

    private bool IsLeader(string personId) => Account.Contributors.Any(c => c.PersonId == personId && c.LeadershipPost);

    /// <summary>A leader's payment needs a record naming them with at least the amount, its period ended before paidAt.</summary>
    public bool NeedsPublicity(Payout p, DateTimeOffset paidAt) =>
        IsLeader(p.PersonId) && !PublicityRules.Covers(Publicity, p.PersonId, TotalWith(p), paidAt);

    /// <summary>Equity granted to a leader without a record naming them (README §5).</summary>
    public IEnumerable<string> LeadersGrantedWithoutPublicity(IEnumerable<EquityGrant> grants, DateTimeOffset now) =>
        grants.Where(g => !g.Withheld && g.Shares > 0 && IsLeader(g.PersonId) && !PublicityRules.Names(Publicity, g.PersonId, now))
            .Select(g => g.PersonId);

    public decimal TaxableBaseOf(Payout p, DateTimeOffset paidAt) => p.TaxableBase ?? Domain.TaxableBase.Of(p.Amount,
        Domain.TaxableBase.HalfApplies(Account.Mode, Account.IpAssets, Account.HasRegistration("tech_contract"),
            PublicityRules.Covers(Publicity, p.PersonId, TotalWith(p), paidAt), p.ReceivedAt, paidAt));

    public PayoutView View(Payout p, DateTimeOffset now)
    {
        var flags = new List<FlagView>();
        if (PayoutFlags.IsOverdue(p, ShanghaiDate.Of(now)))
            flags.Add(new(PayoutFlags.Overdue, $"Due on {p.DueOn:yyyy-MM-dd}, unpaid."));
        if (p.Status == PayoutStatus.Due && NeedsPublicity(p, now))
            flags.Add(new(PayoutFlags.PublicityMissing,
                $"{p.PersonId} holds a leadership post: a publicity record naming them with at least {p.Amount:0.00} CNY must end before payment."));
        return new PayoutView(p.Id, p.DealId, p.DistributionId, p.PersonId, Money.Cny(p.Amount), p.DueOn, p.Status.ToWire(), p.PaidAt, p.BankReference,
            Money.Cny(TaxableBaseOf(p, p.PaidAt ?? now)), p.TaxableBase is not null, flags);
    }
}
