using CrossBorder.Contracts;
using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;

namespace Listing.Api.Messaging;

/// <summary>Keeps the listing's "where it is listed" read model from the cross-border service's events.</summary>
public sealed class ExchangeListingsUpdatedConsumer(ListingDbContext db, ILogger<ExchangeListingsUpdatedConsumer> logger)
    : InboxConsumer<ExchangeListingsUpdated, ListingDbContext>(db, logger)
{
    protected override async Task HandleAsync(ExchangeListingsUpdated message, ConsumeContext<ExchangeListingsUpdated> context)
    {
        var listing = await Db.Listings.SingleOrDefaultAsync(l => l.Id == message.ListingId, context.CancellationToken);
        // Older placements than the one held are ignored: events may arrive out of order.
        if (listing is null || message.ListingVersion < listing.ExchangeListingsVersion) return;
        listing.ExchangeListings = message.Items.Select(i => new ExchangePlacement(i.Exchange, i.Status, i.Reason)).ToList();
        listing.ExchangeListingsVersion = message.ListingVersion;
    }
}
