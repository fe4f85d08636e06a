using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;

namespace Valuation.Api.Messaging;

/// <summary>Keeps the copy of a listing from any listing event: upsert by version, older snapshots ignored.</summary>
public abstract class ListingSnapshotConsumer<TMessage>(ValuationDbContext db, ILogger logger)
    : InboxConsumer<TMessage, ValuationDbContext>(db, logger) where TMessage : class
{
    protected abstract ListingSnapshot SnapshotOf(TMessage message);

    protected override async Task HandleAsync(TMessage message, ConsumeContext<TMessage> context)
    {
        var snapshot = SnapshotOf(message);
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

public sealed class ListingDraftedConsumer(ValuationDbContext db, ILogger<ListingDraftedConsumer> logger)
    : ListingSnapshotConsumer<ListingDrafted>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingDrafted message) => message.Listing;
}

public sealed class ListingPublishedConsumer(ValuationDbContext db, ILogger<ListingPublishedConsumer> logger)
    : ListingSnapshotConsumer<ListingPublished>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingPublished message) => message.Listing;
}

public sealed class ListingWithdrawnConsumer(ValuationDbContext db, ILogger<ListingWithdrawnConsumer> logger)
    : ListingSnapshotConsumer<ListingWithdrawn>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingWithdrawn message) => message.Listing;
}

public sealed class ListingUpdatedConsumer(ValuationDbContext db, ILogger<ListingUpdatedConsumer> logger)
    : ListingSnapshotConsumer<ListingUpdated>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingUpdated message) => message.Listing;
}
