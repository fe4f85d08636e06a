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
            MessageType = typeof(TMessage).AssemblyQualifiedName!,
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
