using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>What the log job last found wrong: an entry it would not add to the tree (the log stops there).</summary>
public sealed class LedgerLogStatus
{
    public string? Problem { get; set; }

    /// <summary>When this process last ran the job as leader.</summary>
    public DateTimeOffset? LastRun { get; set; }
}

/// <summary>
/// The service stays ready (requests do not need the log) but Degraded, naming the entry, while the Merkle log is
/// stopped: an operator must know at once that an entry no longer matches its hash.
/// </summary>
public sealed class LedgerLogHealthCheck(LedgerLogStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Problem is { } problem ? HealthCheckResult.Degraded(problem) : HealthCheckResult.Healthy());
}
