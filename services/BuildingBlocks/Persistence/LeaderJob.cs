using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// The platform's one periodic-job loop (housekeeping, notice conclusion, registration check, feed retention, the
/// ledger log, the outbox relay). A job runs on one replica at a time, the holder of its <see cref="LeaderLock"/>, so
/// that two instances never do the same work twice; a standby tries the lock again every <see cref="Interval"/>. Each
/// run gets a fresh scope. Every pause is on the host's TimeProvider: the system clock in production; under a test's
/// fake clock a pause ends when the test moves the clock past it. A failed run is logged and retried after
/// <see cref="RetryAfter"/>; stopping ends the loop quietly, between runs or inside one.
/// (The webhook dispatcher is not one: every replica works its deliveries at once, through row locks.)
/// </summary>
public abstract class LeaderJob<TDbContext>(IServiceScopeFactory scopes, ILogger logger) : BackgroundService where TDbContext : DbContext
{
    /// <summary>The name of the job's lock (one leader per name and database) and of the job in logs.</summary>
    protected abstract string Name { get; }

    /// <summary>The pause after a run, and a standby's pause between tries of the lock.</summary>
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken ct);

    /// <summary>For work outside the run's scope (a fresh scope per batch, say).</summary>
    protected IServiceScopeFactory Scopes { get; } = scopes;

    protected ILogger Logger { get; } = logger;

    /// <summary>The host's TimeProvider, read when the job starts; every pause runs on it.</summary>
    protected TimeProvider Clock { get; private set; } = TimeProvider.System;

    /// <summary>False: the job pauses (<see cref="PauseAsync"/>) before its first run.</summary>
    protected virtual bool RunAtStart => true;

    /// <summary>The pause after a run that succeeded: <see cref="Interval"/> on the clock; a job may be woken early.</summary>
    protected virtual Task PauseAsync(CancellationToken ct) => Task.Delay(Interval, Clock, ct);

    /// <summary>The pause after the <paramref name="failures"/>-th failed run in a row.</summary>
    protected virtual TimeSpan RetryAfter(int failures) => Interval;

    protected virtual void LogFailure(Exception e, TimeSpan retry) =>
        Logger.LogWarning(e, "Job {Name} failed; retrying in {Interval}", Name, retry);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString;
        await using (var scope = Scopes.CreateAsyncScope())
        {
            Clock = scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            connectionString = scope.ServiceProvider.GetRequiredService<TDbContext>().Database.GetConnectionString()!;
        }
        await using var leader = new LeaderLock(connectionString, Name, Logger);
        var failures = 0;
        var pause = RunAtStart ? Task.CompletedTask : PauseAsync(stoppingToken);
        while (true)
        {
            try
            {
                await pause;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            if (stoppingToken.IsCancellationRequested) break;
            try
            {
                if (!await leader.HoldAsync(stoppingToken))
                {
                    failures = 0;
                    pause = Task.Delay(Interval, Clock, stoppingToken); // a standby tries the lock after Interval, not on a wake-up
                    continue;
                }
                await using (var scope = Scopes.CreateAsyncScope())
                    await RunOnceAsync(scope.ServiceProvider, stoppingToken);
                failures = 0;
                pause = PauseAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var retry = RetryAfter(++failures);
                LogFailure(e, retry);
                pause = Task.Delay(retry, Clock, stoppingToken);
            }
        }
    }
}
