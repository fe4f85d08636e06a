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
        var (copy, changed) = await VersionedCopies.UpsertAsync(Db, CopyOf(message), context.CancellationToken);
        await AfterUpsertAsync(message, copy, changed, context);
    }

    /// <summary>What else the message causes once the copy is current (saved in the same transaction); nothing by default.</summary>
    protected virtual Task AfterUpsertAsync(TMessage message, TCopy copy, bool changed, ConsumeContext<TMessage> context) => Task.CompletedTask;
}
