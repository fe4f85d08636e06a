using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Apis;

/// <summary>The working-day calendar and objections during an agreement-priced deal's public notice.</summary>
public static class NoticeApi
{
    public static IEndpointRouteBuilder MapNoticeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calendar", GetCalendar).WithTags("Calendar");
        app.MapPut("/api/calendar/{date}", SetDay).WithTags("Calendar").RequireAuthorization(PlatformRoles.Admin);
        app.MapPost("/api/deals/{id:guid}/objections", Object).WithTags("Deals")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Exchange, PlatformRoles.Admin).Idempotent();
        app.MapPost("/api/deals/{id:guid}/objections/{oid:guid}/resolve", Resolve).WithTags("Deals")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Admin);
        return app;
    }

    public sealed record DayRequest([property: Required] bool? Working, string? Name);

    public sealed record ObjectionRequest([property: Required] string? Reason);

    public sealed record ResolutionRequest([property: Required] string? Resolution);

    public sealed record DayView(DateOnly Date, bool Working, string? Name);

    public sealed record ObjectionView(Guid Id, Guid DealId, string Reason, DateTimeOffset RaisedAt, string? Resolution, DateTimeOffset? ResolvedAt,
        string DealStatus);

    /// <summary>The year's days that are not ordinary (holidays and make-up working days); others follow Monday–Friday.</summary>
    public static async Task<Ok<IReadOnlyList<DayView>>> GetCalendar(int? year, CrossBorderDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var y = year ?? Platform.BuildingBlocks.Time.ShanghaiDate.Of(clock.GetUtcNow()).Year;
        new ValidationErrors().Check(y is >= 2000 and <= 2100, "year", "From 2000 to 2100.").ThrowIfAny();
        var days = await db.Calendar.AsNoTracking().Where(d => d.Date >= new DateOnly(y, 1, 1) && d.Date <= new DateOnly(y, 12, 31))
            .OrderBy(d => d.Date).Select(d => new DayView(d.Date, d.Working, d.Name)).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<DayView>>(days);
    }

    public static async Task<Ok<DayView>> SetDay(string date, DayRequest? body, CrossBorderDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Check(DateOnly.TryParseExact(date, "yyyy-MM-dd", out _), "date", "YYYY-MM-DD.")
            .Check(body?.Working is not null, "working", "Required: true for a make-up working day, false for a holiday.")
            .Check(body?.Name is null || body.Name.Length <= 100, "name", "At most 100 characters.");
        errors.ThrowIfAny();
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd");
        var entry = await db.Calendar.SingleOrDefaultAsync(d => d.Date == day, ct);
        if (entry is null) db.Calendar.Add(entry = new CalendarDay { Date = day });
        entry.Working = body!.Working!.Value;
        entry.Name = body.Name;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new DayView(entry.Date, entry.Working, entry.Name));
    }

    /// <summary>Anyone with access objects during the notice; the deal becomes objected and does not conclude.</summary>
    public static async Task<Created<ObjectionView>> Object(Guid id, ObjectionRequest? body, ClaimsPrincipal user, CrossBorderDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors().Check(body?.Reason is { Length: > 0 and <= 2000 }, "reason", "Required, at most 2000 characters.").ThrowIfAny();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        var deal = await LockedDealAsync(db, id, ct);
        var now = clock.GetUtcNow();
        if (deal.Status is not (DealStatus.InPublicity or DealStatus.Objected) || deal.PublicityEndsAt <= now)
            throw ProblemException.Rule("not-in-publicity", "The deal is not in its public notice.", $"The deal is {deal.Status}.");
        var objection = new Objection
        {
            Id = Guid.CreateVersion7(now), DealId = id, Reason = body!.Reason!, RaisedBy = user.Org() ?? user.Role() ?? "unknown", RaisedAt = now,
        };
        db.Objections.Add(objection);
        if (deal.Status != DealStatus.Objected)
        {
            deal.Status = DealStatus.Objected;
            deal.Version++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/deals/{id}/objections/{objection.Id}", View(objection, deal));
    }

    /// <summary>The owning university or an admin resolves; with none open the deal concludes at once if its notice has ended.</summary>
    public static async Task<Ok<ObjectionView>> Resolve(Guid id, Guid oid, ResolutionRequest? body, ClaimsPrincipal user, CrossBorderDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors().Check(body?.Resolution is { Length: > 0 and <= 2000 }, "resolution", "Required, at most 2000 characters.").ThrowIfAny();
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        var deal = await LockedDealAsync(db, id, ct);
        if (!user.IsInRole(PlatformRoles.Admin) && !user.IsUniversity(deal.UniversityId))
            throw ProblemException.Forbidden("Only the owning university or an admin resolves an objection.");
        var objection = await db.Objections.SingleOrDefaultAsync(o => o.Id == oid && o.DealId == id, ct) ?? throw ProblemException.NotFound("Objection");
        if (!objection.IsOpen) throw ProblemException.Conflict("objection-resolved", "The objection is already resolved.");
        var now = clock.GetUtcNow();
        objection.Resolution = body!.Resolution;
        objection.ResolvedBy = user.Org() ?? user.Role();
        objection.ResolvedAt = now;
        await db.SaveChangesAsync(ct);
        if (!await db.Objections.AnyAsync(o => o.DealId == id && o.ResolvedAt == null, ct) && deal.Status == DealStatus.Objected)
        {
            deal.Status = DealStatus.InPublicity;
            deal.Version++;
            await db.SaveChangesAsync(ct);
            await DealConclusion.TryConcludeAsync(db, deal, clock, ct); // at once if the notice has ended
        }
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(View(objection, deal));
    }

    /// <summary>
    /// The deal, its row locked until the request commits: objections raised and resolved at once take turns, so two
    /// resolutions cannot each see the other still open and leave the deal objected with none open, and the notice job
    /// never sees a deal reopened but not yet concluded.
    /// </summary>
    private static async Task<Deal> LockedDealAsync(CrossBorderDbContext db, Guid id, CancellationToken ct) =>
        await db.Deals.FromSql($"SELECT * FROM deals WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct) ?? throw ProblemException.NotFound("Deal");

    private static ObjectionView View(Objection o, Deal d) =>
        new(o.Id, o.DealId, o.Reason, o.RaisedAt, o.Resolution, o.ResolvedAt, Platform.BuildingBlocks.Hosting.WireEnum.ToWire(d.Status));
}
