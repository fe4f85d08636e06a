using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Valuation.Contracts;

namespace CrossBorder.Api.Messaging;

/// <summary>Keeps the latest valuation of each listing, to flag deals priced below its P10; the event goes to the feed.</summary>
public sealed class ValuationCompletedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<ValuationCompletedConsumer> logger)
    : InboxConsumer<ValuationCompleted, CrossBorderDbContext>(db, logger)
{
    protected override async Task HandleAsync(ValuationCompleted message, ConsumeContext<ValuationCompleted> context)
    {
        await EventFeed.RecordAsync(Db, context.MessageId!.Value, FeedEventTypes.ValuationCompleted, message.OccurredAt, message.ListingId, message,
            await EventFeed.VisibleExchangesAsync(Db, message.ListingId, context.CancellationToken), clock, context.CancellationToken);
        var latest = await Db.Valuations.SingleOrDefaultAsync(v => v.ListingId == message.ListingId, context.CancellationToken);
        if (latest is null)
            Db.Valuations.Add(latest = new LatestValuation { ListingId = message.ListingId, Currency = message.Range.P10.Currency });
        else if (latest.OccurredAt > message.OccurredAt)
            return; // an older valuation arriving late
        latest.ValuationId = message.ValuationId;
        latest.P10Amount = message.Range.P10.Amount;
        latest.Currency = message.Range.P10.Currency;
        latest.OccurredAt = message.OccurredAt;
    }
}
