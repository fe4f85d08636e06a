using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Messaging;

public static class OutboxDbContextExtensions
{
    /// <summary>
    /// Adds an event to the outbox; it is written by the same SaveChanges (and transaction) as the change.
    /// </summary>
    public static Guid AddEvent<TMessage>(this DbContext db, TMessage message, TimeProvider clock) where TMessage : class
    {
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = id,
            // No assembly version: a row written before a deploy still resolves after it.
            MessageType = $"{typeof(TMessage).FullName}, {typeof(TMessage).Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(message, MessageJson.Options),
            TraceParent = Activity.Current?.Id,
            CreatedAt = clock.GetUtcNow(),
        });
        return id;
    }
}

/// <summary>One JSON setting for stored and published messages.</summary>
public static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
