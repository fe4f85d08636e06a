namespace Platform.BuildingBlocks.Messaging;

/// <summary>Relay timing, from configuration section <c>Messaging:Outbox</c> so tests can shorten it.</summary>
public sealed class OutboxOptions
{
    /// <summary>Fallback poll when no commit signal arrives (another instance may have written).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 100;
    /// <summary>How long one publish may wait for RabbitMQ before the relay backs off.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Published rows are kept this long for inspection, then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
