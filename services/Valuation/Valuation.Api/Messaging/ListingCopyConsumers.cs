using Listing.Contracts;
using Platform.BuildingBlocks.Messaging;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;

namespace Valuation.Api.Messaging;

/// <summary>Every listing event keeps this service's copy of the listing (upsert by version, older snapshots ignored).</summary>
public abstract class ListingCopyConsumer<TMessage>(ValuationDbContext db, ILogger logger)
    : VersionedCopyConsumer<TMessage, ValuationDbContext, ValuedListing>(db, logger) where TMessage : class
{
    protected abstract ListingSnapshot SnapshotOf(TMessage message);

    protected override ValuedListing CopyOf(TMessage message) => SnapshotOf(message).ToCopy();
}

public sealed class ListingDraftedConsumer(ValuationDbContext db, ILogger<ListingDraftedConsumer> logger)
    : ListingCopyConsumer<ListingDrafted>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingDrafted message) => message.Listing;
}

public sealed class ListingPublishedConsumer(ValuationDbContext db, ILogger<ListingPublishedConsumer> logger)
    : ListingCopyConsumer<ListingPublished>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingPublished message) => message.Listing;
}

public sealed class ListingWithdrawnConsumer(ValuationDbContext db, ILogger<ListingWithdrawnConsumer> logger)
    : ListingCopyConsumer<ListingWithdrawn>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingWithdrawn message) => message.Listing;
}

public sealed class ListingUpdatedConsumer(ValuationDbContext db, ILogger<ListingUpdatedConsumer> logger)
    : ListingCopyConsumer<ListingUpdated>(db, logger)
{
    protected override ListingSnapshot SnapshotOf(ListingUpdated message) => message.Listing;
}
