using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>Maps the outbox and inbox tables into a service's DbContext.</summary>
public static class MessagingModel
{
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.Body).HasColumnType("jsonb");
            // The relay only ever looks for unpublished rows.
            e.HasIndex(m => m.Sequence).HasFilter("published_at IS NULL AND failed_at IS NULL").HasDatabaseName("ix_outbox_messages_unpublished");
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
        });
        return model;
    }
}
