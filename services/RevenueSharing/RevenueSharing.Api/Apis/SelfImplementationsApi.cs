using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

/// <summary>
/// Self-implementation (services/RevenueSharing/README.md §4): the unit implements the invention itself, reports operating profit yearly,
/// and rewards the contributors at least 5% of each year's profit for 5 years from the first profitable year.
/// </summary>
public static class SelfImplementationsApi
{
    public static IEndpointRouteBuilder MapSelfImplementationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/self-implementations", Register).WithTags("Self-implementation")
            .RequireAuthorization(PlatformRoles.University).Idempotent();
        // Added beside the contract (services/RevenueSharing/README.md) so that the Location of a registration answers.
        app.MapGet("/api/self-implementations/{id:guid}", Get).WithTags("Self-implementation")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        app.MapPost("/api/self-implementations/{id:guid}/profit-reports", ReportProfit).WithTags("Self-implementation")
            .RequireAuthorization(PlatformRoles.University).Idempotent();
        return app;
    }

    public sealed record ProfitReportView(Guid Id, int Year, Money OperatingProfit, Money Reward, bool InRewardWindow, DateTimeOffset RecordedAt);

    public sealed record SelfImplementationView(Guid Id, Guid ListingId, string UniversityId, int PolicyVersion, decimal SelfImplementationShare,
        int? FirstProfitableYear, int? LastRewardYear, Money RewardTotal, IReadOnlyList<ProfitReportView> Reports);

    public static async Task<Created<SelfImplementationView>> Register(SelfImplementationRequest? body, ClaimsPrincipal user,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors().Check(body?.ListingId is not null && body.ListingId != Guid.Empty, "listingId", "Required.").ThrowIfAny();
        var listing = await db.Listings.AsNoTracking().SingleOrDefaultAsync(l => l.ListingId == body!.ListingId, ct)
            ?? throw ProblemException.Rule("listing-not-published", "The listing is not published (or not known here yet).",
                $"Revenue-sharing has not received listing.published for {body!.ListingId}; retry once it has.");
        if (listing.Snapshot.Status is not ("published" or "withdrawn"))
            throw ProblemException.Rule("listing-not-published", "The listing is not published.",
                $"The listing is {listing.Snapshot.Status}; publish it first (a withdrawn listing may be implemented by its unit).");
        var university = user.RequireOrg();
        if (listing.Snapshot.UniversityId != university)
            throw ProblemException.Forbidden("Only the university that owns the listing registers its self-implementation.");
        if (await db.Accounts.AnyAsync(a => a.ListingId == listing.ListingId && a.Mode == DealModes.SelfImplementation, ct))
            throw SelfImplementationRecorded();

        var now = clock.GetUtcNow();
        var policy = (await Policies.InForceAsync(db, university, now, ct)).Policy;
        var s = listing.Snapshot;
        var account = new DealAccount
        {
            DealId = Guid.CreateVersion7(now), UniversityId = university, ListingId = listing.ListingId, Exchange = null, Mode = DealModes.SelfImplementation,
            CrossBorder = false, ExportControlClass = s.ExportControl.Class, Rights = s.Rights, IpAssets = s.IpAssets, Contributors = s.Contributors,
            PolicyVersion = policy.Version, RewardShare = policy.SelfImplementationShare, Floor = Policy.MinSelfImplementationShare,
            PayoutDeadlineDays = policy.PayoutDeadlineDays, Remainder = policy.Remainder, ConcludedAt = now, Status = "open",
        };
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { ConstraintName: "ux_deal_accounts_one_self_implementation" })
        {
            throw SelfImplementationRecorded(); // registered concurrently
        }
        return TypedResults.Created($"/api/self-implementations/{account.DealId}", View(account, []));
    }

    public static async Task<Ok<SelfImplementationView>> Get(Guid id, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        var account = await VisibleAsync(db, id, user, ct);
        return TypedResults.Ok(View(account, await ReportsAsync(db, id, ct)));
    }

    /// <summary>Records a year's operating profit and distributes its reward: payouts and ledger entries in one transaction.</summary>
    public static async Task<Created<ProfitReportView>> ReportProfit(Guid id, ProfitReportRequest? body, ClaimsPrincipal user,
        RevenueDbContext db, Ledger ledger, TimeProvider clock, CancellationToken ct)
    {
        SelfImplementationRules.Validate(body, ShanghaiDate.Of(clock.GetUtcNow()).Year);
        var account = await VisibleAsync(db, id, user, ct);
        if (!user.IsUniversity(account.UniversityId))
            throw ProblemException.Forbidden("Only the owning university reports the operating profit.");

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await ledger.LockHeadAsync(ct); // serialises reports: the order and the first profitable year are read under the lock
        var reports = await ReportsAsync(db, id, ct);
        var year = body!.Year!.Value;
        SelfImplementationRules.CheckOrder(year, reports.Count > 0 ? reports[^1].Year : null);
        var profit = body.OperatingProfit!.Value.Amount;
        var firstProfitable = reports.FirstOrDefault(r => r.OperatingProfit > 0)?.Year ?? (profit > 0 ? year : null);
        var reward = RewardCalculation.SelfImplementationReward(account.RewardShare, profit, year, firstProfitable);

        var now = clock.GetUtcNow();
        var report = new ProfitReport { Id = Guid.CreateVersion7(now), SelfImplementationId = id, Year = year, OperatingProfit = profit, Reward = reward, RecordedAt = now };
        db.ProfitReports.Add(report);
        if (reward > 0)
        {
            // Paid like a receipt's distribution, due within the deadline from the report; its entries name the report.
            var already = await DealTotals.DistributedByPersonAsync(db, id, ct);
            var split = RewardCalculation.SplitCumulative(already.Values.Sum() + reward, already, account.Contributors);
            var (distribution, lines) = CashDistributions.Schedule(db, account, report.Id, profit, reward, split, now, now, ("profit_report", report.Id));
            db.AddEvent(CashDistributions.Event(distribution, await ledger.AppendAsync(lines, ct), now), clock);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { ConstraintName: "ux_profit_reports_year" })
        {
            SelfImplementationRules.CheckOrder(year, year); // reported concurrently: the same 409
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/self-implementations/{id}", View(report, firstProfitable));
    }

    private static ProblemException SelfImplementationRecorded() =>
        ProblemException.Conflict("self-implementation-recorded", "The listing's self-implementation is already registered.",
            "A listing has one self-implementation; report each year's profit to it.");

    /// <summary>Another university's self-implementation is 404, so that its existence does not leak.</summary>
    private static async Task<DealAccount> VisibleAsync(RevenueDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == id && a.Mode == DealModes.SelfImplementation, ct);
        return account is not null && (user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId))
            ? account
            : throw ProblemException.NotFound("Self-implementation");
    }

    private static Task<List<ProfitReport>> ReportsAsync(RevenueDbContext db, Guid id, CancellationToken ct) =>
        db.ProfitReports.AsNoTracking().Where(r => r.SelfImplementationId == id).OrderBy(r => r.Year).ToListAsync(ct);

    private static ProfitReportView View(ProfitReport r, int? firstProfitable) => new(r.Id, r.Year, Money.Cny(r.OperatingProfit),
        Money.Cny(r.Reward), firstProfitable is { } first && RewardCalculation.InRewardWindow(r.Year, first), r.RecordedAt);

    private static SelfImplementationView View(DealAccount a, IReadOnlyList<ProfitReport> reports)
    {
        var first = reports.FirstOrDefault(r => r.OperatingProfit > 0)?.Year;
        return new SelfImplementationView(a.DealId, a.ListingId, a.UniversityId, a.PolicyVersion, a.RewardShare, first,
            first + RewardCalculation.SelfImplementationYears - 1, Money.Cny(reports.Sum(r => r.Reward)),
            reports.Select(r => View(r, first)).ToList());
    }
}
