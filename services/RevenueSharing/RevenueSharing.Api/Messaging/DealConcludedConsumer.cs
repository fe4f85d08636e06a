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
    protected override async Task HandleAsync(DealConcluded message, ConsumeContext<DealConcluded> context)
    {
        var deal = message.Deal;
        var ct = context.CancellationToken;
        var account = await Db.Accounts.SingleOrDefaultAsync(a => a.DealId == deal.Id, ct);
        if (account is not null)
        {
            if (account.DealVersion >= deal.DealVersion) return; // older or same snapshot: nothing new
            account.Registrations = deal.Registrations;
            account.Flags = deal.Flags;
            account.DealVersion = deal.DealVersion;
            return;
        }
        var concludedAt = deal.ConcludedAt ?? message.OccurredAt;
        var (policy, floor) = await Policies.InForceAsync(Db, deal.UniversityId, ShanghaiDate.Of(concludedAt), ct);
        Db.Accounts.Add(new DealAccount
        {
            DealId = deal.Id, UniversityId = deal.UniversityId, ListingId = deal.ListingId, Exchange = deal.Exchange,
            Mode = deal.Mode, CrossBorder = deal.CrossBorder, ExportControlClass = deal.ExportControlClass, Rights = deal.Rights,
            IpAssets = deal.IpAssets, Contributors = deal.Contributors ?? [], Registrations = deal.Registrations, Flags = deal.Flags,
            PolicyVersion = policy.Version, RewardShare = policy.RewardShare, Floor = floor, PayoutDeadlineDays = policy.PayoutDeadlineDays,
            ConcludedAt = concludedAt, DealVersion = deal.DealVersion, Status = "open",
        });
    }
}
