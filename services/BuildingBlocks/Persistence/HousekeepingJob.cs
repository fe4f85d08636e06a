using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// Purges what has outlived its window, on the leader, in batches (so that no statement holds many row locks or
/// runs long): idempotency keys after their 24 hours, and inbox rows after <c>Messaging:InboxRetention</c>
/// (7 days by default: far longer than any redelivery, which comes within minutes of a failure).
/// </summary>
public sealed class HousekeepingJob<TDbContext>(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<HousekeepingJob<TDbContext>> logger) : LeaderJob<TDbContext>(scopes, logger) where TDbContext : DbContext
{
    public const int BatchSize = 1000;

    protected override string Name => "housekeeping";

    protected override TimeSpan Interval => configuration.GetValue<TimeSpan?>("Messaging:HousekeepingInterval") ?? TimeSpan.FromMinutes(10);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<TDbContext>();
        var now = clock.GetUtcNow().ToUniversalTime();
        var keysBefore = now - IdempotencyMiddleware<TDbContext>.Lifetime;
        var inboxBefore = now - (configuration.GetValue<TimeSpan?>("Messaging:InboxRetention") ?? TimeSpan.FromDays(7));
        // Only the tables this service's model has.
        var keys = db.Model.FindEntityType(typeof(IdempotencyRecord)) is null ? 0 : await PurgeAsync(db,
            $"DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < {keysBefore} LIMIT {BatchSize})", ct);
        var inbox = db.Model.FindEntityType(typeof(InboxMessage)) is null ? 0 : await PurgeAsync(db,
            $"DELETE FROM inbox_messages WHERE ctid IN (SELECT ctid FROM inbox_messages WHERE received_at < {inboxBefore} LIMIT {BatchSize})", ct);
        if (keys + inbox > 0) logger.LogInformation("Purged {Keys} idempotency keys and {Inbox} inbox rows past their windows", keys, inbox);
    }

    private static async Task<int> PurgeAsync(TDbContext db, FormattableString batch, CancellationToken ct)
    {
        var total = 0;
        int removed;
        do total += removed = await db.Database.ExecuteSqlAsync(batch, ct);
        while (removed == BatchSize && !ct.IsCancellationRequested);
        return total;
    }
}
