using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// Messages this service gave up on (a consumer kept failing after its retries, so MassTransit moved the message to
/// the endpoint's <c>_error</c> queue), for the operator: a counter (<c>platform.messaging.dead_lettered</c>), an error
/// log line, and /health/ready turning Degraded with the last one, until the service restarts. The rest keep flowing.
/// After the fix, <c>./platform replay-errors</c> moves them back to their queues (README, Reliability).
/// </summary>
public sealed class DeadLetters
{
    public sealed record Entry(string MessageType, string Consumer, string Error, DateTimeOffset At);

    private static readonly Meter Meter = new("Platform.Messaging");
    private static readonly Counter<long> Counter = Meter.CreateCounter<long>("platform.messaging.dead_lettered", description: "Messages moved to an _error queue");
    private long _count;
    private Entry? _last;

    public long Count => Interlocked.Read(ref _count);
    public Entry? Last => Volatile.Read(ref _last);

    public void Record(Entry entry)
    {
        Interlocked.Increment(ref _count);
        Volatile.Write(ref _last, entry);
        Counter.Add(1, new KeyValuePair<string, object?>("message_type", entry.MessageType), new KeyValuePair<string, object?>("consumer", entry.Consumer));
    }
}

/// <summary>Sees a message's final fault at the receive endpoint (after the retries), when it goes to _error.</summary>
public sealed class DeadLetterObserver(DeadLetters deadLetters, ILogger<DeadLetterObserver> logger) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;
    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;
    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class
    {
        deadLetters.Record(new DeadLetters.Entry(typeof(T).Name, consumerType, $"{exception.GetType().Name}: {exception.Message}", DateTimeOffset.UtcNow));
        logger.LogError(exception, "Message {MessageId} ({MessageType}) failed in {Consumer} after its retries and went to the _error queue",
            context.MessageId, typeof(T).Name, consumerType);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        deadLetters.Record(new DeadLetters.Entry("(unreadable)", "(none)", $"{exception.GetType().Name}: {exception.Message}", DateTimeOffset.UtcNow));
        logger.LogError(exception, "A message could not be received and went to the _error queue");
        return Task.CompletedTask;
    }
}

public sealed class DeadLetterHealthCheck(DeadLetters deadLetters) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(deadLetters.Last is not { } last
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{deadLetters.Count} message(s) moved to an _error queue since start; last: {last.MessageType} in "
                + $"{last.Consumer} at {last.At:O}: {last.Error}. Fix the cause, then ./platform replay-errors."));
}
