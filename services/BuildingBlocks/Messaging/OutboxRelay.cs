using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.BuildingBlocks.Messaging;

/// <summary>
/// Publishes the outbox to RabbitMQ (after MassTransit's BusOutboxDeliveryService, rebuilt by hand).
/// One relay per database at a time holds a PostgreSQL advisory lock (a leader; a standby takes over when it
/// goes); rows are locked with FOR UPDATE SKIP LOCKED, published in the order of their outbox sequence (given when
/// the row is written, so two transactions committing at once may leave in either order) with the stored id as
/// MessageId, and marked published in the same transaction. While RabbitMQ is down the relay backs off
/// and the rows wait; nothing is lost.
/// </summary>
public sealed class OutboxRelay<TDbContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TDbContext>> logger) : BackgroundService where TDbContext : DbContext
{
    public static readonly ActivitySource Source = new("Platform.Outbox");
    private readonly OutboxOptions _options = options.Value;
    private Persistence.LeaderLock? _leader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var lastCleanup = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (backoff > TimeSpan.Zero)
                    await Task.Delay(backoff, clock, stoppingToken);
                else
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);

                if (!await HoldsRelayLockAsync(stoppingToken))
                {
                    backoff = _options.PollInterval;
                    continue;
                }
                // Drain: keep going while full batches come back.
                while (await PublishBatchAsync(stoppingToken) == _options.BatchSize) { }
                backoff = TimeSpan.Zero;

                if (clock.GetUtcNow() - lastCleanup > TimeSpan.FromHours(1))
                {
                    await DeleteOldPublishedAsync(stoppingToken);
                    lastCleanup = clock.GetUtcNow();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero
                    ? _options.MinBackoff
                    : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                logger.LogWarning(ex, "Outbox relay could not publish; retrying in {Backoff}", backoff);
            }
        }
        if (_leader is not null) await _leader.DisposeAsync();
    }

    /// <summary>One relay per database: the holder of the "outbox-relay" leader lock (see <see cref="Persistence.LeaderLock"/>).</summary>
    private async Task<bool> HoldsRelayLockAsync(CancellationToken ct)
    {
        if (_leader is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            _leader = new Persistence.LeaderLock(scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()!, "outbox-relay", logger);
        }
        return await _leader.HoldAsync(ct);
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
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
                row.PublishedAt = clock.GetUtcNow();
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
            row.FailedAt = clock.GetUtcNow();
            row.Error = $"{e.GetType().Name}: {e.Message}";
            logger.LogError(e, "Outbox message {MessageId} ({Type}) cannot be published and was set aside", row.MessageId, row.MessageType);
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
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var cutoff = clock.GetUtcNow() - _options.Retention;
        await db.Set<OutboxMessage>().Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
