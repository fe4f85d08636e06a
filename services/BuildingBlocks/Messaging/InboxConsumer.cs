using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// A consumer whose effect happens at most once per message: it records (messageId, consumer) in the
/// inbox in the same transaction as its effect, so a redelivery changes nothing. An exception reaches
/// MassTransit (retry, then the _error queue), never a silent ack.
/// </summary>
public abstract class InboxConsumer<TMessage, TDbContext>(TDbContext db, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
    where TDbContext : DbContext
{
    protected TDbContext Db { get; } = db;

    /// <summary>The consumer's name in the inbox; stable across deployments.</summary>
    protected virtual string ConsumerName => GetType().Name;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Message has no MessageId.");
        var ct = context.CancellationToken;
        Db.ChangeTracker.Clear(); // a retry must not see the failed attempt's tracked changes
        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        var fresh = await Db.Database.ExecuteSqlAsync(
            $"INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES ({messageId}, {ConsumerName}, now()) ON CONFLICT DO NOTHING",
            ct);
        if (fresh == 0)
        {
            logger.LogInformation("{Consumer} already handled message {MessageId}; skipping", ConsumerName, messageId);
            return;
        }
        await HandleAsync(context.Message, context);
        await Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The effect; tracked changes are saved and committed with the inbox row.</summary>
    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context);
}
