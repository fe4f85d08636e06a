using CrossBorder.Contracts;
using Listing.Api.Application;
using Listing.Api.Infrastructure;
using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;

namespace Listing.Api.Messaging;

/// <summary>A concluded transfer or exclusive licence ends the listing's offer; the change leaves as listing.updated.</summary>
public sealed class DealConcludedConsumer(ListingDbContext db, TimeProvider clock, ILogger<DealConcludedConsumer> logger)
    : InboxConsumer<DealConcluded, ListingDbContext>(db, logger)
{
    protected override async Task HandleAsync(DealConcluded message, ConsumeContext<DealConcluded> context)
    {
        var ct = context.CancellationToken;
        var listing = await Db.Listings.SingleOrDefaultAsync(l => l.Id == message.Deal.ListingId, ct);
        if (listing is null || !listing.EndOfferBy(message.Deal.Mode, clock.GetUtcNow())) return;
        var invention = await Db.Inventions.AsNoTracking().SingleAsync(i => i.Id == listing.InventionId, ct);
        Db.AddEvent(new ListingUpdated { OccurredAt = clock.GetUtcNow(), Listing = ListingSnapshots.Of(listing, invention) }, clock);
    }
}
