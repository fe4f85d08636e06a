using CrossBorder.Contracts;
using MassTransit;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Messaging;

/// <summary>
/// deal.concluded opens the deal's account: contributors frozen at conclusion, and the policy in force
/// then (with no policy of the university's own: the floor of its jurisdiction, version 0), recorded with the account.
/// </summary>
public sealed class DealConcludedConsumer(RevenueDbContext db, Ledger ledger, TimeProvider clock, ILogger<DealConcludedConsumer> logger)
    : InboxConsumer<DealConcluded, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(DealConcluded message, ConsumeContext<DealConcluded> context) =>
        DealAccounts.UpsertAsync(Db, ledger, clock, message.Deal, message.OccurredAt, context.CancellationToken);
}

/// <summary>deal.registered: the account learns the registrations (export contract before income, tech contract for the tax base).</summary>
public sealed class DealRegisteredConsumer(RevenueDbContext db, Ledger ledger, TimeProvider clock, ILogger<DealRegisteredConsumer> logger)
    : InboxConsumer<DealRegistered, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(DealRegistered message, ConsumeContext<DealRegistered> context) =>
        DealAccounts.UpsertAsync(Db, ledger, clock, message.Deal, message.OccurredAt, context.CancellationToken);
}

/// <summary>deal.flagged: the account learns a flag raised after conclusion (registration_late on a deal left unregistered).</summary>
public sealed class DealFlaggedConsumer(RevenueDbContext db, Ledger ledger, TimeProvider clock, ILogger<DealFlaggedConsumer> logger)
    : InboxConsumer<DealFlagged, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(DealFlagged message, ConsumeContext<DealFlagged> context) =>
        DealAccounts.UpsertAsync(Db, ledger, clock, message.Deal, message.OccurredAt, context.CancellationToken);
}

public static class DealAccounts
{
    /// <summary>
    /// Upserts the account from a deal snapshot: an older or equal version changes nothing; a deal seen for the first
    /// time is opened whichever of its events arrives first (no consumer needs its events in order).
    /// </summary>
    public static async Task UpsertAsync(RevenueDbContext db, Ledger ledger, TimeProvider clock, DealSnapshot deal, DateTimeOffset occurredAt,
        CancellationToken ct)
    {
        // Locked: two replicas handling two versions of the deal at once take turns, so an older one never overwrites a newer.
        var account = await VersionedCopies.FindForUpdateAsync<DealAccount>(db, deal.Id, ct);
        if (account is not null)
        {
            if (account.DealVersion >= deal.DealVersion) return;
            account.Registrations = deal.Registrations.ToOwn();
            account.Flags = deal.Flags.ToOwn();
            account.DealVersion = deal.DealVersion;
            return;
        }
        if (deal.Status != "concluded") return; // only a concluded deal has an account
        // An account is opened only from a snapshot that carries the contributors frozen at conclusion: one without
        // them would leave a deal that can pay no one (its concluded event, arriving later, is then older).
        if (deal.Contributors is not { Count: > 0 })
            throw new InvalidOperationException($"Deal {deal.Id} has no account yet and this snapshot carries no contributors to open one.");
        var concludedAt = deal.ConcludedAt ?? occurredAt;
        // The version in force at the instant of conclusion, however late the event arrives; its reward share
        // raised to the floor in force (README §4), and both recorded with the account and each distribution.
        var inForce = await Policies.InForceAsync(db, deal.UniversityId, concludedAt, ct);
        var policy = inForce.Policy;
        var opened = new DealAccount
        {
            DealId = deal.Id, UniversityId = deal.UniversityId, ListingId = deal.ListingId, Exchange = deal.Exchange,
            Mode = deal.Mode, CrossBorder = deal.CrossBorder, ExportControlClass = deal.ExportControlClass, Rights = deal.Rights.ToOwn(),
            IpAssets = deal.IpAssets.ToOwn(), Contributors = deal.Contributors.ToOwn(), Registrations = deal.Registrations.ToOwn(), Flags = deal.Flags.ToOwn(),
            PolicyVersion = policy.Version, RewardShare = inForce.RewardShare, Floor = inForce.Floor, PayoutDeadlineDays = policy.PayoutDeadlineDays,
            Remainder = policy.Remainder, EquityTotalShares = deal.Mode == DealModes.Equity ? deal.Equity?.TotalShares : null,
            ConcludedAt = concludedAt, DealVersion = deal.DealVersion, Status = "open",
        };
        db.Accounts.Add(opened);
        if (opened.EquityTotalShares is not null) await GrantEquityAsync(db, ledger, clock, opened, ct);
    }

    /// <summary>
    /// Equity (services/RevenueSharing/README.md §4, §5): the reward shares are distributed when the deal concludes, in whole shares; a unit
    /// head's part is withheld (flag unit_head_equity); each grant records its tax deferral and appends equity_grant.
    /// </summary>
    private static async Task GrantEquityAsync(RevenueDbContext db, Ledger ledger, TimeProvider clock, DealAccount account, CancellationToken ct)
    {
        if (account.Contributors.Count == 0) return;
        var now = clock.GetUtcNow();
        var rewardShares = RewardCalculation.EquityRewardShares(account.RewardShare,
            RewardCalculation.UnitShares(account.EquityTotalShares!.Value, account.Rights));
        var lines = new List<LedgerLine>();
        foreach (var (personId, shares) in RewardCalculation.SplitShares(rewardShares, account.Contributors))
        {
            var contributor = account.Contributors.Single(c => c.PersonId == personId);
            var grant = new EquityGrant
            {
                Id = Guid.CreateVersion7(now), DealId = account.DealId, PersonId = personId, Share = contributor.Share, Shares = shares,
                Withheld = contributor.UnitHead, GrantedAt = now, TaxDeferralRecordedAt = contributor.UnitHead ? null : now,
            };
            db.EquityGrants.Add(grant);
            if (!grant.Withheld && shares > 0)
                lines.Add(new(account.DealId, LedgerKinds.EquityGrant, shares, personId, "equity_grant", grant.Id) { Currency = LedgerKinds.SharesUnit });
        }
        if (lines.Count > 0) await ledger.AppendAsync(lines, ct);
    }
}
