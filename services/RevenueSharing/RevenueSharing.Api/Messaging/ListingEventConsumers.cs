using Listing.Contracts;
using Platform.BuildingBlocks.Messaging;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Messaging;

/// <summary>listing.published: keep a copy, for self-implementations of the listing.</summary>
public sealed class ListingPublishedConsumer(RevenueDbContext db, ILogger<ListingPublishedConsumer> logger)
    : VersionedCopyConsumer<ListingPublished, RevenueDbContext, ListingCopy>(db, logger)
{
    protected override ListingCopy CopyOf(ListingPublished message) => message.Listing.ToCopy();
}

/// <summary>listing.updated: contributors, rights or assets changed.</summary>
public sealed class ListingUpdatedConsumer(RevenueDbContext db, ILogger<ListingUpdatedConsumer> logger)
    : VersionedCopyConsumer<ListingUpdated, RevenueDbContext, ListingCopy>(db, logger)
{
    protected override ListingCopy CopyOf(ListingUpdated message) => message.Listing.ToCopy();
}

/// <summary>listing.withdrawn: the copy keeps the status (a withdrawn listing can still be implemented by its unit).</summary>
public sealed class ListingWithdrawnConsumer(RevenueDbContext db, ILogger<ListingWithdrawnConsumer> logger)
    : VersionedCopyConsumer<ListingWithdrawn, RevenueDbContext, ListingCopy>(db, logger)
{
    protected override ListingCopy CopyOf(ListingWithdrawn message) => message.Listing.ToCopy();
}
