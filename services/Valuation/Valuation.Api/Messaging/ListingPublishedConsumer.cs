using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;

namespace Valuation.Api.Messaging;

/// <summary>Keeps the copy of a published listing (upsert by version; older snapshots are ignored).</summary>
public sealed class ListingPublishedConsumer(ValuationDbContext db, ILogger<ListingPublishedConsumer> logger)
    : InboxConsumer<ListingPublished, ValuationDbContext>(db, logger)
{
    protected override async Task HandleAsync(ListingPublished message, ConsumeContext<ListingPublished> context)
    {
        var snapshot = message.Listing;
        var copy = await Db.Listings.SingleOrDefaultAsync(l => l.ListingId == snapshot.ListingId, context.CancellationToken);
        if (copy is null)
            Db.Listings.Add(new ValuedListing { ListingId = snapshot.ListingId, Snapshot = snapshot, Version = snapshot.Version });
        else if (snapshot.Version > copy.Version)
        {
            copy.Snapshot = snapshot;
            copy.Version = snapshot.Version;
        }
    }
}
