using CrossBorder.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Messaging;

/// <summary>
/// deal.concluded opens the deal's account: contributors frozen at conclusion, and the policy in force
/// then (with no policy of the university's own: the floor of its jurisdiction, version 0), recorded with the account.
/// </summary>
public sealed class DealConcludedConsumer(RevenueDbContext db, ILogger<DealConcludedConsumer> logger)
    : InboxConsumer<DealConcluded, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(DealConcluded message, ConsumeContext<DealConcluded> context) =>
        DealAccounts.UpsertAsync(Db, message.Deal, message.OccurredAt, context.CancellationToken);
}

/// <summary>deal.registered: the account learns the registrations (export contract before income, tech contract for the tax base).</summary>
public sealed class DealRegisteredConsumer(RevenueDbContext db, ILogger<DealRegisteredConsumer> logger)
    : InboxConsumer<DealRegistered, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(DealRegistered message, ConsumeContext<DealRegistered> context) =>
        DealAccounts.UpsertAsync(Db, message.Deal, message.OccurredAt, context.CancellationToken);
}

public static class DealAccounts
{
    /// <summary>
    /// Upserts the account from a deal snapshot: an older or equal version changes nothing; a deal seen for the first
    /// time is opened whichever of its events arrives first (no consumer needs its events in order).
    /// </summary>
    public static async Task UpsertAsync(RevenueDbContext db, DealSnapshot deal, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.DealId == deal.Id, ct);
        if (account is not null)
        {
            if (account.DealVersion >= deal.DealVersion) return;
            account.Registrations = deal.Registrations;
            account.Flags = deal.Flags;
            account.DealVersion = deal.DealVersion;
            return;
        }
        if (deal.Status != "concluded") return; // only a concluded deal has an account
        var concludedAt = deal.ConcludedAt ?? occurredAt;
        var (policy, floor) = await Policies.InForceAsync(db, deal.UniversityId, ShanghaiDate.Of(concludedAt), ct);
        db.Accounts.Add(new DealAccount
        {
            DealId = deal.Id, UniversityId = deal.UniversityId, ListingId = deal.ListingId, Exchange = deal.Exchange,
            Mode = deal.Mode, CrossBorder = deal.CrossBorder, ExportControlClass = deal.ExportControlClass, Rights = deal.Rights,
            IpAssets = deal.IpAssets, Contributors = deal.Contributors ?? [], Registrations = deal.Registrations, Flags = deal.Flags,
            PolicyVersion = policy.Version, RewardShare = policy.RewardShare, Floor = floor, PayoutDeadlineDays = policy.PayoutDeadlineDays,
            ConcludedAt = concludedAt, DealVersion = deal.DealVersion, Status = "open",
        });
    }
}
