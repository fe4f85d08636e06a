using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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

    private const int BatchSize = 8192;

    /// <summary>One stored entry, as read for verification.</summary>
    private readonly record struct Row(long Sequence, DateTimeOffset At, Guid DealId, string Kind, decimal Amount, string Currency,
        string? PersonId, string? Party, string SourceType, Guid SourceId, string PrevHash, string Hash);

    public static async Task<Result> VerifyAsync(RevenueDbContext db, (long Sequence, string Hash)? checkpoint, CancellationToken ct)
    {
        long count = 0, lastSequence = 0;
        var lastHash = LedgerHashing.Genesis;
        long? broken = null;
        var checkpointSeen = false;

        // Each entry's hash depends only on its own stored fields, so a batch is hashed in parallel while the next
        // batch is read; the links are then checked in sequence order.
        void Check(Row[] batch, int size, bool[] matches)
        {
            for (var i = 0; i < size; i++)
            {
                var e = batch[i];
                count++;
                if (broken is null && (e.Sequence != lastSequence + 1 || e.PrevHash != lastHash || !matches[i]))
                    broken = e.Sequence;
                if (checkpoint is { } cp && e.Sequence == cp.Sequence)
                {
                    checkpointSeen = true;
                    if (e.Hash != cp.Hash) broken ??= e.Sequence;
                }
                lastSequence = e.Sequence;
                lastHash = e.Hash;
            }
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT sequence, at, deal_id, kind, amount, currency, person_id, party, source_type, source_id, prev_hash, hash FROM ledger_entries ORDER BY sequence",
                connection);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            var reading = new Row[BatchSize];
            var hashing = new Row[BatchSize];
            var matches = new bool[BatchSize];
            Task<int>? inFlight = null;
            var filled = 0;
            while (true)
            {
                filled = 0;
                while (filled < BatchSize && await reader.ReadAsync(ct))
                    reading[filled++] = new Row(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetGuid(2), reader.GetString(3),
                        reader.GetDecimal(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetString(8), reader.GetGuid(9), reader.GetString(10), reader.GetString(11));
                if (inFlight is not null) Check(hashing, await inFlight, matches);
                if (filled == 0) break;
                (reading, hashing) = (hashing, reading);
                var batch = hashing;
                var size = filled;
                inFlight = broken is not null
                    ? Task.FromResult(size) // already broken: the rest is only counted
                    : Task.Run(() =>
                    {
                        Parallel.For(0, size, i => matches[i] = Recomputes(batch[i]));
                        return size;
                    }, ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var head = await db.LedgerHead.AsNoTracking().SingleAsync(ct);
        if (head.Sequence != lastSequence || head.Hash != lastHash) broken ??= lastSequence + 1; // entries cut from the tail
        if (checkpoint is { } c && !checkpointSeen && c.Sequence > 0) broken ??= Math.Min(c.Sequence, lastSequence + 1);
        return new Result(broken is null, count, lastSequence, lastHash, broken);
    }

    private static bool Recomputes(in Row e)
    {
        Span<byte> hash = stackalloc byte[32];
        LedgerHashing.HashInto(hash, e.Sequence, e.At, e.DealId, e.Kind, e.Amount, e.Currency, e.PersonId, e.Party, e.SourceType, e.SourceId, e.PrevHash);
        Span<byte> stored = stackalloc byte[32];
        return e.Hash.Length == 64 && Convert.FromHexString(e.Hash, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 32 && hash.SequenceEqual(stored) && IsLowerHex(e.Hash);
    }

    /// <summary>The documented hash is lower-case hex: an upper-cased copy is a change too.</summary>
    private static bool IsLowerHex(string hex)
    {
        foreach (var c in hex) if (c is >= 'A' and <= 'F') return false;
        return true;
    }
}
