using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using RevenueSharing.Contracts;

namespace CrossBorder.Api.Messaging;

// Receipts, rewards and payouts name people and their money: they go to the auditors' feed only (services/CrossBorder/README.md §8),
// never to an exchange's feed or webhooks.

public sealed class ReceiptRecordedFeedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<ReceiptRecordedFeedConsumer> logger)
    : InboxConsumer<ReceiptRecorded, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(ReceiptRecorded message, ConsumeContext<ReceiptRecorded> context) =>
        AuditorFeed.RecordAsync(Db, context.MessageId!.Value, FeedEventTypes.ReceiptRecorded, message.OccurredAt, message.DealId, message, clock, context.CancellationToken);
}

public sealed class RewardsDistributedFeedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<RewardsDistributedFeedConsumer> logger)
    : InboxConsumer<RewardsDistributed, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(RewardsDistributed message, ConsumeContext<RewardsDistributed> context) =>
        AuditorFeed.RecordAsync(Db, context.MessageId!.Value, FeedEventTypes.RewardsDistributed, message.OccurredAt, message.DealId, message, clock, context.CancellationToken);
}

public sealed class PayoutPaidFeedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<PayoutPaidFeedConsumer> logger)
    : InboxConsumer<PayoutPaid, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(PayoutPaid message, ConsumeContext<PayoutPaid> context) =>
        AuditorFeed.RecordAsync(Db, context.MessageId!.Value, FeedEventTypes.PayoutPaid, message.OccurredAt, message.DealId, message, clock, context.CancellationToken);
}

/// <summary>
/// ledger.head_signed goes to every exchange (and auditors): a head holds only hashes, and the exchanges are the
/// ledger's witnesses (services/RevenueSharing/README.md §7). Every exchange registered now sees it.
/// </summary>
public sealed class LedgerHeadSignedFeedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<LedgerHeadSignedFeedConsumer> logger)
    : InboxConsumer<LedgerHeadSigned, CrossBorderDbContext>(db, logger)
{
    protected override async Task HandleAsync(LedgerHeadSigned message, ConsumeContext<LedgerHeadSigned> context)
    {
        var exchanges = await Db.Exchanges.AsNoTracking().Select(e => e.Code).ToListAsync(context.CancellationToken);
        await EventFeed.RecordAsync(Db, context.MessageId!.Value, FeedEventTypes.LedgerHeadSigned, message.OccurredAt, null, message, exchanges, clock,
            context.CancellationToken);
    }
}

public static class AuditorFeed
{
    public static async Task RecordAsync(CrossBorderDbContext db, Guid id, string type, DateTimeOffset occurredAt, Guid dealId, object data,
        TimeProvider clock, CancellationToken ct)
    {
        // A self-implementation has no deal here: its events carry no listing.
        var listingId = await db.Deals.Where(d => d.Id == dealId).Select(d => (Guid?)d.ListingId).SingleOrDefaultAsync(ct);
        await EventFeed.RecordAsync(db, id, type, occurredAt, listingId, data, [], clock, ct);
    }
}
