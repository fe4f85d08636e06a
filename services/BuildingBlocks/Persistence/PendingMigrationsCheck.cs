using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// Not ready while the database lacks a migration this build expects (#17: a release whose migration step has not run
/// yet, or failed): the new pods take no traffic until their schema is there, and the old ones keep serving. Once every
/// migration is applied the answer is kept, since migrations are never taken back while a build runs.
/// </summary>
public sealed class PendingMigrationsCheck<TDbContext>(TDbContext db) : IHealthCheck where TDbContext : DbContext
{
    /// <summary>Databases found fully migrated (by connection string: one process may serve several, as the tests do).</summary>
    private static readonly ConcurrentDictionary<string, bool> Applied = new(StringComparer.Ordinal);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var database = db.Database.GetConnectionString() ?? "";
        if (Applied.ContainsKey(database)) return HealthCheckResult.Healthy();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied yet (first: {pending[0]}); run the --migrate step.");
        Applied[database] = true;
        return HealthCheckResult.Healthy();
    }
}
