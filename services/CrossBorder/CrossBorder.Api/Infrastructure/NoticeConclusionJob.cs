using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// The scheduled job: concludes deals whose notice has ended, by TimeProvider's clock; on one replica at a time (the
/// leader), so that a deal is concluded once however many instances run.
/// </summary>
public sealed class NoticeConclusionJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<NoticeConclusionJob> logger) : LeaderJob<CrossBorderDbContext>(scopes, logger)
{
    protected override string Name => "notice-conclusion";

    protected override TimeSpan Interval => configuration.GetValue<TimeSpan?>("Deals:NoticeCheckInterval") ?? TimeSpan.FromMinutes(1);

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<CrossBorderDbContext>();
        var now = clock.GetUtcNow();
        var due = await db.Deals.Where(d => d.Status == DealStatus.InPublicity && d.PublicityEndsAt <= now)
            .OrderBy(d => d.PublicityEndsAt).Select(d => d.Id).Take(100).ToListAsync(ct);
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            try
            {
                var deal = await db.Deals.SingleAsync(d => d.Id == id, ct);
                if (await DealConclusion.TryConcludeAsync(db, deal, clock, ct))
                    logger.LogInformation("Deal {DealId} concluded after its public notice", id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One deal that fails (changed concurrently, say) does not hold up the deals after it; it is tried again next run.
                logger.LogWarning(e, "Deal {DealId} could not be concluded this run", id);
            }
        }
    }
}
