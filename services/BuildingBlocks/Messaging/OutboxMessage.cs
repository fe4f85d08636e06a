namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// An event waiting to leave the service, written in the same transaction as the change that caused it.
/// The relay publishes rows in <see cref="Sequence"/> order with <see cref="MessageId"/> as MassTransit's MessageId.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>"Namespace.Type, Assembly" of the contract, without version (MassTransit matches messages by full name).</summary>
    public required string MessageType { get; set; }
    public required string Body { get; set; }
    /// <summary>W3C traceparent of the request that wrote it, so the trace continues through RabbitMQ.</summary>
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>
    /// Set when the row can never be published as stored (its contract type is gone or its body no longer
    /// reads): the relay sets it aside, keeps it for an operator, and goes on with the rows after it.
    /// </summary>
    public DateTimeOffset? FailedAt { get; set; }
    public string? Error { get; set; }
}

/// <summary>A message a consumer has already handled: (messageId, consumer) is unique.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }
    public required string Consumer { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
