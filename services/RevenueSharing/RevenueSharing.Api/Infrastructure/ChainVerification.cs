using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// Recomputes the ledger's hash chain (domain.md §7), streaming the entries in sequence order, and names the first
/// entry that does not match: a changed field (its hash no longer recomputes), a removed or inserted entry (a gap
/// in the sequence or a broken prevHash), a cut tail (the head row ahead of the last entry), or a rewritten chain
/// (an auditor's earlier checkpoint no longer there).
/// </summary>
public static class ChainVerification
{
    public sealed record Result(bool Valid, long Entries, long HeadSequence, string HeadHash, long? FirstBrokenSequence);

    public static async Task<Result> VerifyAsync(RevenueDbContext db, (long Sequence, string Hash)? checkpoint, CancellationToken ct)
    {
        long count = 0, lastSequence = 0;
        var lastHash = LedgerHashing.Genesis;
        long? broken = null;
        var checkpointSeen = false;
        await foreach (var e in db.LedgerEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (broken is null)
            {
                var recomputed = LedgerHashing.Hash(LedgerHashing.CanonicalJson(e.Sequence, e.At, e.DealId, e.Kind, e.Amount, e.Currency,
                    e.PersonId, e.SourceType, e.SourceId, e.PrevHash));
                if (e.Sequence != lastSequence + 1 || e.PrevHash != lastHash || recomputed != e.Hash)
                    broken = e.Sequence;
            }
            if (checkpoint is { } cp && e.Sequence == cp.Sequence)
            {
                checkpointSeen = true;
                if (e.Hash != cp.Hash) broken ??= e.Sequence;
            }
            lastSequence = e.Sequence;
            lastHash = e.Hash;
        }
        var head = await db.LedgerHead.AsNoTracking().SingleAsync(ct);
        if (head.Sequence != lastSequence || head.Hash != lastHash) broken ??= lastSequence + 1; // entries cut from the tail
        if (checkpoint is { } c && !checkpointSeen && c.Sequence > 0) broken ??= Math.Min(c.Sequence, lastSequence + 1);
        return new Result(broken is null, count, lastSequence, lastHash, broken);
    }
}
