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

    private const int BatchSize = 4096;

    public static async Task<Result> VerifyAsync(RevenueDbContext db, (long Sequence, string Hash)? checkpoint, CancellationToken ct)
    {
        long count = 0, lastSequence = 0;
        var lastHash = LedgerHashing.Genesis;
        long? broken = null;
        var checkpointSeen = false;
        var batch = new List<LedgerEntry>(BatchSize);

        // Hashing is the cost: each entry's hash depends only on its own stored fields, so a batch is hashed in
        // parallel, then the links are checked in sequence order.
        void Check()
        {
            var recomputed = new string[batch.Count];
            if (broken is null)
                Parallel.For(0, batch.Count, i =>
                {
                    var e = batch[i];
                    recomputed[i] = LedgerHashing.Hash(LedgerHashing.CanonicalJson(e.Sequence, e.At, e.DealId, e.Kind, e.Amount, e.Currency,
                        e.PersonId, e.Party, e.SourceType, e.SourceId, e.PrevHash));
                });
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                count++;
                if (broken is null && (e.Sequence != lastSequence + 1 || e.PrevHash != lastHash || recomputed[i] != e.Hash))
                    broken = e.Sequence;
                if (checkpoint is { } cp && e.Sequence == cp.Sequence)
                {
                    checkpointSeen = true;
                    if (e.Hash != cp.Hash) broken ??= e.Sequence;
                }
                lastSequence = e.Sequence;
                lastHash = e.Hash;
            }
            batch.Clear();
        }

        await foreach (var e in db.LedgerEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            batch.Add(e);
            if (batch.Count == BatchSize) Check();
        }
        Check();
        var head = await db.LedgerHead.AsNoTracking().SingleAsync(ct);
        if (head.Sequence != lastSequence || head.Hash != lastHash) broken ??= lastSequence + 1; // entries cut from the tail
        if (checkpoint is { } c && !checkpointSeen && c.Sequence > 0) broken ??= Math.Min(c.Sequence, lastSequence + 1);
        return new Result(broken is null, count, lastSequence, lastHash, broken);
    }
}
