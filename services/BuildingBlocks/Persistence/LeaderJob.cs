using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// A periodic job that runs on one replica at a time (the holder of its <see cref="LeaderLock"/>), so that two
/// instances never do the same work twice. Each run gets a fresh scope. Rules inside a run read the time from
/// TimeProvider; the pause between runs is wall-clock time.
/// </summary>
public abstract class LeaderJob<TDbContext>(IServiceScopeFactory scopes, ILogger logger) : BackgroundService where TDbContext : DbContext
{
    /// <summary>The name of the job's lock: one leader per name and database.</summary>
    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
            connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()!;
        await using var leader = new LeaderLock(connectionString, Name, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leader.HoldAsync(stoppingToken))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Job {Name} failed; retrying in {Interval}", Name, Interval); }
            try { await Task.Delay(Interval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
