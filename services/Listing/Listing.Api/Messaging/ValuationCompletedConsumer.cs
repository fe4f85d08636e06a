using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Valuation.Contracts;

namespace Listing.Api.Messaging;

/// <summary>Keeps the listing's latest valuation range (the newest by occurrence wins).</summary>
public sealed class ValuationCompletedConsumer(ListingDbContext db, ILogger<ValuationCompletedConsumer> logger)
    : InboxConsumer<ValuationCompleted, ListingDbContext>(db, logger)
{
    protected override async Task HandleAsync(ValuationCompleted message, ConsumeContext<ValuationCompleted> context)
    {
        var listing = await Db.Listings.SingleOrDefaultAsync(l => l.Id == message.ListingId, context.CancellationToken);
        if (listing is null) return;
        var ticks = message.OccurredAt.UtcTicks;
        if (listing.Valuation is not null && listing.Valuation.OccurredAtTicks > ticks) return;
        listing.Valuation = new ValuationRange(message.ValuationId, message.Range.P10, message.Range.P50, message.Range.P90, ticks);
    }
}
