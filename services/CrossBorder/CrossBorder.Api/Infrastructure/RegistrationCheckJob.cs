using CrossBorder.Api.Domain;
using CrossBorder.Contracts;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// The daily registration check (services/CrossBorder/README.md §6): a concluded cross-border deal of free technology
/// still without its export contract registration after day 60 is flagged registration_late, with deal.flagged.
/// It runs more often than daily (hourly by default) so that a restart never skips a day; flagging is idempotent,
/// it runs on the leader only, and the deal's version (a concurrency token) would stop a second flag anyway.
/// </summary>
public sealed class RegistrationCheckJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<RegistrationCheckJob> logger) : LeaderJob<CrossBorderDbContext>(scopes, logger)
{
    protected override string Name => "registration-check";

    protected override TimeSpan Interval => configuration.GetValue<TimeSpan?>("Deals:RegistrationCheckInterval") ?? TimeSpan.FromHours(1);

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        FlagOverdueAsync(services.GetRequiredService<CrossBorderDbContext>(), clock, logger, ct);

    public static async Task<int> FlagOverdueAsync(CrossBorderDbContext db, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Candidates by instant, with two days' margin; the rule itself compares Shanghai dates.
        var before = now.AddDays(-(Registrations.ExportRegistrationDueDays - 2));
        var candidates = await db.Deals.Where(d => d.Status == DealStatus.Concluded && d.CrossBorder && d.ExportClass == "free"
                && (d.ContractEffectiveAt ?? d.ConcludedAt) <= before)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        var flagged = 0;
        foreach (var id in candidates)
        {
            db.ChangeTracker.Clear();
            var deal = await db.Deals.SingleAsync(d => d.Id == id, ct);
            if (!Registrations.FlagIfOverdue(deal, now)) continue;
            // Contributors travel on the bus (revenue-sharing may open the account from this event if it comes first);
            // the feed and webhooks strip them.
            var snapshot = deal.Snapshot(withContributors: true);
            await EventFeed.AddDealEventAsync(db, new DealFlagged { OccurredAt = now, Deal = snapshot }, FeedEventTypes.DealFlagged, snapshot, now, clock, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                flagged++;
                logger.LogInformation("Deal {DealId} flagged registration_late: no export contract registration after day 60", id);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Changed meanwhile (registered, or flagged by another replica): the next run sees it as it is.
            }
        }
        return flagged;
    }
}
