using CrossBorder.Api.Application;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Listing.Contracts;
using MassTransit;
using Platform.BuildingBlocks.Messaging;

namespace CrossBorder.Api.Messaging;

/// <summary>listing.published: keep the copy and place the listing on exchanges.</summary>
public sealed class ListingPublishedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<ListingPublishedConsumer> logger)
    : InboxConsumer<ListingPublished, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingPublished message, ConsumeContext<ListingPublished> context) =>
        ListingPlacement.ApplyAsync(Db, message.Listing, FeedEventTypes.ListingPublished, context.MessageId!.Value, message.OccurredAt, clock, context.CancellationToken);
}

/// <summary>listing.updated: new contributors, rights or export class, or the offer ended: place it again.</summary>
public sealed class ListingUpdatedConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<ListingUpdatedConsumer> logger)
    : InboxConsumer<ListingUpdated, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingUpdated message, ConsumeContext<ListingUpdated> context) =>
        ListingPlacement.ApplyAsync(Db, message.Listing, FeedEventTypes.ListingUpdated, context.MessageId!.Value, message.OccurredAt, clock, context.CancellationToken);
}

/// <summary>listing.withdrawn: withdrawal removes the listing everywhere.</summary>
public sealed class ListingWithdrawnConsumer(CrossBorderDbContext db, TimeProvider clock, ILogger<ListingWithdrawnConsumer> logger)
    : InboxConsumer<ListingWithdrawn, CrossBorderDbContext>(db, logger)
{
    protected override Task HandleAsync(ListingWithdrawn message, ConsumeContext<ListingWithdrawn> context) =>
        ListingPlacement.ApplyAsync(Db, message.Listing, FeedEventTypes.ListingWithdrawn, context.MessageId!.Value, message.OccurredAt, clock, context.CancellationToken);
}

