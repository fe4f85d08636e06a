using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Domain;
using RevenueSharing.Contracts;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// One cash distribution (services/RevenueSharing/README.md §4, §5), for a deal's receipt or a self-implementation's yearly profit: the
/// distribution record under the account's policy version, one payout per contributor with a part, due within the
/// policy's deadline from when the money arrived, and their ledger lines. The caller appends the lines (with any
/// of its own) in its transaction.
/// </summary>
public static class CashDistributions
{
    /// <param name="source">What the distribution lines name as their source; by default the distribution itself.</param>
    public static (Distribution Distribution, List<LedgerLine> Lines) Schedule(RevenueDbContext db, DealAccount account, Guid sourceRecordId,
        decimal netIncome, decimal target, IReadOnlyList<(string PersonId, Money Amount)> split, DateTimeOffset receivedAt, DateTimeOffset now,
        (string Type, Guid Id)? source = null)
    {
        var distribution = new Distribution
        {
            Id = Guid.CreateVersion7(now), DealId = account.DealId, ReceiptId = sourceRecordId, PolicyVersion = account.PolicyVersion,
            RewardShare = account.RewardShare, NetIncome = netIncome, Target = target, Pool = split.Sum(s => s.Amount.Amount), CreatedAt = now,
        };
        db.Distributions.Add(distribution);
        var (sourceType, sourceId) = source ?? ("distribution", distribution.Id);
        var dueOn = PayoutRules.DueOn(receivedAt, account.PayoutDeadlineDays);
        var lines = new List<LedgerLine>();
        foreach (var (personId, amount) in split)
        {
            lines.Add(new(account.DealId, LedgerKinds.Distribution, amount.Amount, personId, sourceType, sourceId));
            if (amount.Amount == 0) continue;
            var payout = new Payout
            {
                Id = Guid.CreateVersion7(now), DealId = account.DealId, DistributionId = distribution.Id, PersonId = personId,
                Share = account.Contributors.Single(c => c.PersonId == personId).Share, Amount = amount.Amount, DueOn = dueOn,
                Status = PayoutStatus.Due, ReceivedAt = receivedAt,
            };
            db.Payouts.Add(payout);
            lines.Add(new(account.DealId, LedgerKinds.PayoutScheduled, amount.Amount, personId, "payout", payout.Id));
        }
        return (distribution, lines);
    }

    /// <summary>rewards.distributed: the entries made, with the ledger head after them.</summary>
    public static RewardsDistributed Event(Distribution distribution, IReadOnlyList<LedgerEntry> entries, DateTimeOffset now) => new()
    {
        OccurredAt = now, DealId = distribution.DealId, DistributionId = distribution.Id, Pool = Money.Cny(distribution.Pool),
        Entries = LedgerSnapshots.Entries(entries), Head = LedgerSnapshots.Head(entries),
    };
}

/// <summary>Ledger entries as the revenue events carry them (services/CrossBorder/README.md, Events: "the entries made, with the ledger head after them").</summary>
public static class LedgerSnapshots
{
    public static List<LedgerEntrySnapshot> Entries(IEnumerable<LedgerEntry> entries) => entries.Select(e => new LedgerEntrySnapshot
    {
        Sequence = e.Sequence, Kind = e.Kind, Amount = Money.Cny(e.Amount), PersonId = e.PersonId, Hash = e.Hash,
    }).ToList();

    public static LedgerHeadSnapshot Head(IReadOnlyList<LedgerEntry> entries) => new() { Sequence = entries[^1].Sequence, Hash = entries[^1].Hash };
}
