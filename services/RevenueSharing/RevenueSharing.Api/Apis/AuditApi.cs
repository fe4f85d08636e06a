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
        app.MapGet("/api/audit/verify", Verify).WithTags("Audit").RequireAuthorization(PlatformRoles.Auditor);
        return app;
    }

    public sealed record TraceSource(string Type, Guid Id);

    /// <summary>
    /// One ledger entry with everything its hash covers: <c>amount</c> in CNY, or for equity_grant <c>shares</c>
    /// (hashed with currency "SHARES"); <c>party</c> names the unit's part of a unit_remainder entry.
    /// </summary>
    public sealed record TraceEntry(long Sequence, DateTimeOffset At, string Kind, Money? Amount, long? Shares, string? PersonId,
        string? Party, string PrevHash, string Hash, TraceSource Source, LedgerLogApi.InclusionProofView? Inclusion);

    /// <summary>
    /// The deal's entries; <c>head</c> is the latest signed head of the ledger's Merkle log, and each entry it covers
    /// carries its inclusion proof against it (null for an entry signed into no head yet).
    /// </summary>
    public sealed record Trace(Guid DealId, LedgerLogApi.HeadView? Head, IReadOnlyList<TraceEntry> Entries);

    /// <summary>Recomputes the whole chain; <c>checkpoint=SEQ:HASH</c> proves it was not rewritten since that head was seen.</summary>
    public static async Task<Ok<ChainVerification.Result>> Verify(string? checkpoint, RevenueDbContext db, CancellationToken ct)
    {
        (long, string)? parsed = null;
        if (checkpoint is not null)
        {
            var parts = checkpoint.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var sequence) || sequence < 1 || parts[1].Length != 64)
                throw new RequestValidationException(new Dictionary<string, string[]> { ["checkpoint"] = ["SEQ:HASH, e.g. 1234:<64 hex digits>."] });
            parsed = (sequence, parts[1].ToLowerInvariant());
        }
        return TypedResults.Ok(await ChainVerification.VerifyAsync(db, parsed, ct));
    }

    public static async Task<Ok<Trace>> GetTrace(Guid dealId, RevenueDbContext db, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.DealId == dealId, ct)) throw ProblemException.NotFound("Deal");
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.DealId == dealId).OrderBy(e => e.Sequence).ToListAsync(ct);
        var head = await db.SignedHeads.AsNoTracking().OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);
        var covered = head is null ? [] : entries.Where(e => e.Sequence <= head.TreeSize).Select(e => e.Sequence).ToList();
        var proofs = head is null || covered.Count == 0 ? new Dictionary<long, LedgerLogApi.InclusionProofView>()
            : (await LedgerLogApi.ProofsAsync(db, covered, head.TreeSize, ct)).ToDictionary(p => p.Entry);
        return TypedResults.Ok(new Trace(dealId, head is null ? null : LedgerLogApi.HeadView.From(LedgerLog.ToSigned(head)), entries.Select(e =>
        {
            var shares = e.Currency == LedgerKinds.SharesUnit;
            return new TraceEntry(e.Sequence, e.At, e.Kind, shares ? null : new Money(e.Amount, e.Currency), shares ? (long)e.Amount : null,
                e.PersonId, e.Party, e.PrevHash, e.Hash, new TraceSource(e.SourceType, e.SourceId), proofs.GetValueOrDefault(e.Sequence));
        }).ToList()));
    }
}
