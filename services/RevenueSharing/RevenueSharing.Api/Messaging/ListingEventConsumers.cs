using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Messaging;

/// <summary>listing.published: keep a copy, for self-implementations of the listing.</summary>
public sealed class ListingPublishedConsumer(RevenueDbContext db, ILogger<ListingPublishedConsumer> logger)
    : InboxConsumer<ListingPublished, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingPublished message, ConsumeContext<ListingPublished> context) =>
        ListingCopies.UpsertAsync(Db, message.Listing, context.CancellationToken);
}

/// <summary>listing.updated: contributors, rights or assets changed.</summary>
public sealed class ListingUpdatedConsumer(RevenueDbContext db, ILogger<ListingUpdatedConsumer> logger)
    : InboxConsumer<ListingUpdated, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingUpdated message, ConsumeContext<ListingUpdated> context) =>
        ListingCopies.UpsertAsync(Db, message.Listing, context.CancellationToken);
}

/// <summary>listing.withdrawn: the copy keeps the status (a withdrawn listing can still be implemented by its unit).</summary>
public sealed class ListingWithdrawnConsumer(RevenueDbContext db, ILogger<ListingWithdrawnConsumer> logger)
    : InboxConsumer<ListingWithdrawn, RevenueDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingWithdrawn message, ConsumeContext<ListingWithdrawn> context) =>
        ListingCopies.UpsertAsync(Db, message.Listing, context.CancellationToken);
}

public static class ListingCopies
{
    /// <summary>Upserts from a snapshot; an older or equal version changes nothing (events may arrive out of order).</summary>
    public static async Task UpsertAsync(RevenueDbContext db, ListingSnapshot snapshot, CancellationToken ct)
    {
        var copy = await db.Listings.SingleOrDefaultAsync(l => l.ListingId == snapshot.ListingId, ct);
        if (copy is null)
            db.Listings.Add(new ListingCopy { ListingId = snapshot.ListingId, Snapshot = snapshot, Version = snapshot.Version });
        else if (copy.Version < snapshot.Version)
        {
            copy.Snapshot = snapshot;
            copy.Version = snapshot.Version;
        }
    }
}
