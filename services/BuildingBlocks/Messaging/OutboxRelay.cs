using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// Publishes the outbox to RabbitMQ (after MassTransit's BusOutboxDeliveryService, rebuilt by hand). A leader job
/// (<see cref="Persistence.LeaderJob{TDbContext}"/>): one relay per database at a time holds the "outbox-relay" lock (a
/// standby takes over when it goes); rows are locked with FOR UPDATE SKIP LOCKED, published in the order of their
/// outbox sequence (given when the row is written, so two transactions committing at once may leave in either order)
/// with the stored id as MessageId, and marked published in the same transaction. Woken by a commit in this process,
/// else every PollInterval. While RabbitMQ is down the relay backs off and the rows wait; nothing is lost.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxRelay<TDbContext>> logger) : Persistence.LeaderJob<TDbContext>(scopes, logger) where TDbContext : DbContext
{
    public static readonly ActivitySource Source = new("Platform.Outbox");
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _lastCleanup = DateTimeOffset.MinValue;

    protected override string Name => "outbox-relay";

    protected override TimeSpan Interval => _options.PollInterval;

    /// <summary>Events committed before the start are published on the first wake-up or poll.</summary>
    protected override bool RunAtStart => false;

    protected override Task PauseAsync(CancellationToken ct) => signal.WaitAsync(_options.PollInterval, Clock, ct);

    /// <summary>While RabbitMQ is down: MinBackoff, doubling up to MaxBackoff.</summary>
    protected override TimeSpan RetryAfter(int failures) =>
        failures > 30 || _options.MinBackoff.Ticks > _options.MaxBackoff.Ticks >> (failures - 1)
            ? _options.MaxBackoff
            : TimeSpan.FromTicks(_options.MinBackoff.Ticks << (failures - 1));

    protected override void LogFailure(Exception e, TimeSpan retry) =>
        Logger.LogWarning(e, "Outbox relay could not publish; retrying in {Backoff}", retry);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        // Drain: keep going while full batches come back.
        while (await PublishBatchAsync(ct) == _options.BatchSize) { }
        if (Clock.GetUtcNow() - _lastCleanup > TimeSpan.FromHours(1))
        {
            await DeleteOldPublishedAsync(ct);
            _lastCleanup = Clock.GetUtcNow();
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.Set<OutboxMessage>()
            .FromSql($"SELECT * FROM outbox_messages WHERE published_at IS NULL AND failed_at IS NULL ORDER BY sequence LIMIT {_options.BatchSize} FOR UPDATE SKIP LOCKED")
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        Exception? failure = null;
        var published = 0;
        foreach (var row in batch)
        {
            if (!TryRead(row, out var type, out var message))
                continue; // set aside, with the reason, for an operator: it must not block the rows after it
            try
            {
                await PublishAsync(row, type, message, ct);
                row.PublishedAt = Clock.GetUtcNow();
                published++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Keep order: stop at the first failure; what was published so far is marked below.
                failure = ex;
                break;
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (failure is not null) throw new InvalidOperationException($"Published {published} of {batch.Count} outbox messages.", failure);
        return batch.Count;
    }

    private bool TryRead(OutboxMessage row, out Type type, out object message)
    {
        try
        {
            type = Type.GetType(row.MessageType, throwOnError: true)!;
            message = JsonSerializer.Deserialize(row.Body, type, MessageJson.Options)
                ?? throw new JsonException("The body is null.");
            return true;
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or JsonException or NotSupportedException or ArgumentException)
        {
            row.FailedAt = Clock.GetUtcNow();
            row.Error = $"{e.GetType().Name}: {e.Message}";
            Logger.LogError(e, "Outbox message {MessageId} ({Type}) cannot be published and was set aside", row.MessageId, row.MessageType);
            type = typeof(object);
            message = new object();
            return false;
        }
    }

    private async Task PublishAsync(OutboxMessage row, Type type, object message, CancellationToken ct)
    {
        // Continue the trace of the request that wrote the event.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.MessageId);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.PublishTimeout);
        await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
    }

    private async Task DeleteOldPublishedAsync(CancellationToken ct)
    {
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = Clock.GetUtcNow() - _options.Retention;
        await db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
