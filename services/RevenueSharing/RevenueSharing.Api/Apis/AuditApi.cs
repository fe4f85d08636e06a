using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/deals/{dealId:guid}/trace", GetTrace).WithTags("Audit").RequireAuthorization(PlatformRoles.Auditor);
        return app;
    }

    public sealed record TraceSource(string Type, Guid Id);

    public sealed record TraceEntry(long Sequence, DateTimeOffset At, string Kind, Money Amount, string? PersonId,
        string PrevHash, string Hash, TraceSource Source);

    public sealed record Trace(Guid DealId, IReadOnlyList<TraceEntry> Entries);

    public static async Task<Ok<Trace>> GetTrace(Guid dealId, RevenueDbContext db, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.DealId == dealId, ct)) throw ProblemException.NotFound("Deal");
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.DealId == dealId).OrderBy(e => e.Sequence).ToListAsync(ct);
        return TypedResults.Ok(new Trace(dealId, entries.Select(e => new TraceEntry(e.Sequence, e.At, e.Kind,
            new Money(e.Amount, e.Currency), e.PersonId, e.PrevHash, e.Hash, new TraceSource(e.SourceType, e.SourceId))).ToList()));
    }
}
