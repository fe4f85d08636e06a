using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Persistence;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// The one consumer of snapshots another service publishes: the message becomes this service's own record
/// (<see cref="CopyOf"/>, the only place the other's contract is read), upserted by version, at most once per message.
/// A subclass names the message it takes, so each keeps its own queue.
/// </summary>
public abstract class VersionedCopyConsumer<TMessage, TDbContext, TCopy>(TDbContext db, ILogger logger)
    : InboxConsumer<TMessage, TDbContext>(db, logger)
    where TMessage : class
    where TDbContext : DbContext
    where TCopy : class, IVersionedCopy
{
    protected abstract TCopy CopyOf(TMessage message);

    protected override async Task HandleAsync(TMessage message, ConsumeContext<TMessage> context)
    {
        await VersionedCopies.UpsertAsync(Db, CopyOf(message), context.CancellationToken);
    }
}
