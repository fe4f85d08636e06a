using CrossBorder.Api.Domain;
using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Messaging;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Concludes an agreement-priced deal whose notice has ended with no open objection (services/CrossBorder/README.md §2). If another
/// transfer or exclusive licence concluded on the listing meanwhile, the deal is cancelled instead.
/// </summary>
public static class DealConclusion
{
    public static async Task<bool> TryConcludeAsync(CrossBorderDbContext db, Deal deal, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (deal.Status != DealStatus.InPublicity || deal.PublicityEndsAt > now) return false;
        if (await db.Objections.AnyAsync(o => o.DealId == deal.Id && o.ResolvedAt == null, ct)) return false;
        deal.Conclude(now);
        var concluded = deal.Snapshot(withContributors: true);
        await EventFeed.AddDealEventAsync(db, new DealConcluded { OccurredAt = now, Deal = concluded }, "deal.concluded", concluded, now, clock, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { ConstraintName: "ux_deals_one_exclusive_concluded" })
        {
            db.ChangeTracker.Clear();
            var again = await db.Deals.SingleAsync(d => d.Id == deal.Id, ct);
            again.Status = DealStatus.Cancelled;
            again.Version++;
            again.Flags = [.. again.Flags, new FlagSnapshot { Code = "cancelled_exclusive_taken", Detail = "Another transfer or exclusive licence concluded on the listing during the notice." }];
            var cancelled = again.Snapshot(withContributors: false);
            await EventFeed.AddDealEventAsync(db, new DealCancelled { OccurredAt = now, Deal = cancelled }, "deal.cancelled", cancelled, now, clock, ct);
            await db.SaveChangesAsync(ct);
            return false;
        }
    }
}

/// <summary>The scheduled job: concludes deals whose notice has ended, on TimeProvider's clock.</summary>
public sealed class NoticeConclusionJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<NoticeConclusionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue<TimeSpan?>("Deals:NoticeCheckInterval") ?? TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrossBorderDbContext>();
                var now = clock.GetUtcNow();
                var due = await db.Deals.Where(d => d.Status == DealStatus.InPublicity && d.PublicityEndsAt <= now)
                    .OrderBy(d => d.PublicityEndsAt).Select(d => d.Id).Take(100).ToListAsync(stoppingToken);
                foreach (var id in due)
                {
                    db.ChangeTracker.Clear();
                    var deal = await db.Deals.SingleAsync(d => d.Id == id, stoppingToken);
                    if (await DealConclusion.TryConcludeAsync(db, deal, clock, stoppingToken))
                        logger.LogInformation("Deal {DealId} concluded after its public notice", id);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Notice conclusion job failed; retrying"); }
            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
