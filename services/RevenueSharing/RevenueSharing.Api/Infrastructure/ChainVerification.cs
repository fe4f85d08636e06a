using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// Recomputes the ledger's hash chain (services/RevenueSharing/README.md §7), streaming the entries in sequence order, and names the first
/// entry that does not match: a changed field (its hash no longer recomputes), a removed or inserted entry (a gap
/// in the sequence or a broken prevHash), a cut tail (the head row ahead of the last entry), or a rewritten chain
/// (an auditor's earlier checkpoint no longer there).
/// </summary>
public static partial class ChainVerification
{
    public sealed record Result(bool Valid, long Entries, long HeadSequence, string HeadHash, long? FirstBrokenSequence);

    /// <summary>
    /// What one range of sequence numbers shows on its own: its links and hashes inside, and its two ends, which are
    /// linked to the neighbouring ranges afterwards. Each entry's hash depends only on its own stored fields, and a
    /// link only on its neighbour's, so ranges are read and hashed in parallel (one connection each) and the result
    /// is the same as one pass in order.
    /// </summary>
    private sealed class Range
    {
        public long Count;
        public long? FirstSequence;
        public string? FirstPrevHash;
        public long LastSequence;
        public string? LastHash;
        public long? Broken;
        public bool CheckpointSeen;
        public bool CheckpointDiffers;
    }

    /// <summary>At most this many ranges (connections) per verification, whatever the core count.</summary>
    private const int MaxPartitions = 4;

    public static async Task<Result> VerifyAsync(RevenueDbContext db, (long Sequence, string Hash)? checkpoint, CancellationToken ct,
        int? partitions = null)
    {
        var connectionString = db.Database.GetConnectionString()!;
        // One snapshot for every range and the head: entries appended while verifying are not seen at all,
        // rather than seen by one range and not by the one before it.
        await using var coordinator = new NpgsqlConnection(connectionString);
        await coordinator.OpenAsync(ct);
        await using var transaction = await coordinator.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var snapshot = (string)(await new NpgsqlCommand("SELECT pg_export_snapshot()", coordinator, transaction).ExecuteScalarAsync(ct))!;
        var maxSequence = (long)(await new NpgsqlCommand("SELECT coalesce(max(sequence), 0) FROM ledger_entries", coordinator, transaction).ExecuteScalarAsync(ct))!;
        long headSequence;
        string headHash;
        await using (var head = await new NpgsqlCommand("SELECT sequence, hash FROM ledger_head WHERE id = 1", coordinator, transaction).ExecuteReaderAsync(ct))
        {
            await head.ReadAsync(ct);
            headSequence = head.GetInt64(0);
            headHash = head.GetString(1);
        }

        var parts = partitions is { } wanted ? Math.Clamp(wanted, 1, 64) : Math.Clamp(Environment.ProcessorCount, 1, MaxPartitions);
        var size = Math.Max(1, (maxSequence + parts - 1) / parts);
        // The first range starts below 1, so that a forged entry with sequence 0 or less is read too.
        var bounds = Enumerable.Range(0, parts)
            .Select(i => (From: i == 0 ? long.MinValue : i * size + 1, To: i == parts - 1 ? long.MaxValue : (i + 1) * size)).ToList();
        var ranges = await Task.WhenAll(bounds.Select(b => Task.Run(() => VerifyRangeAsync(connectionString, snapshot, b.From, b.To, checkpoint, ct), ct)));

        long count = 0, lastSequence = 0;
        var lastHash = LedgerHashing.Genesis;
        long? broken = null;
        var checkpointSeen = false;
        foreach (var range in ranges)
        {
            count += range.Count;
            if (range.Count == 0) continue;
            // The range's first entry links to the previous range's last one, as any entry links to the one before.
            var boundaryBreaks = range.FirstSequence != lastSequence + 1 || range.FirstPrevHash != lastHash;
            broken = Earliest(broken, boundaryBreaks ? range.FirstSequence : null, range.Broken,
                range.CheckpointDiffers ? checkpoint!.Value.Sequence : null);
            checkpointSeen |= range.CheckpointSeen;
            lastSequence = range.LastSequence;
            lastHash = range.LastHash!;
        }
        if (lastSequence > headSequence) broken ??= headSequence + 1; // entries the head does not account for
        else if (headSequence != lastSequence || headHash != lastHash) broken ??= lastSequence + 1; // entries cut from the tail
        if (checkpoint is { } c && !checkpointSeen && c.Sequence > 0) broken ??= Math.Min(c.Sequence, lastSequence + 1);
        await transaction.CommitAsync(ct);
        return new Result(broken is null, count, lastSequence, lastHash, broken);
    }

    private static long? Earliest(params long?[] candidates) => candidates.Where(c => c is not null).Min();

    private static async Task<Range> VerifyRangeAsync(string connectionString, string snapshot, long from, long to,
        (long Sequence, string Hash)? checkpoint, CancellationToken ct)
    {
        var range = new Range();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        if (!SnapshotId().IsMatch(snapshot)) throw new InvalidOperationException($"Unexpected snapshot id {snapshot}.");
        await new NpgsqlCommand($"SET TRANSACTION SNAPSHOT '{snapshot}'", connection, transaction).ExecuteNonQueryAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT sequence, at, deal_id, kind, amount, currency, person_id, party, source_type, source_id, prev_hash, hash " +
            "FROM ledger_entries WHERE sequence BETWEEN @from AND @to ORDER BY sequence", connection, transaction);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            var sequence = reader.GetInt64(0);
            var at = reader.GetFieldValue<DateTimeOffset>(1);
            var dealId = reader.GetGuid(2);
            var kind = reader.GetString(3);
            var amount = reader.GetDecimal(4);
            var currency = reader.GetString(5);
            var personId = reader.IsDBNull(6) ? null : reader.GetString(6);
            var party = reader.IsDBNull(7) ? null : reader.GetString(7);
            var sourceType = reader.GetString(8);
            var sourceId = reader.GetGuid(9);
            var prevHash = reader.GetString(10);
            var hash = reader.GetString(11);

            if (range.Count == 0)
            {
                range.FirstSequence = sequence;
                range.FirstPrevHash = prevHash;
            }
            else if (range.Broken is null && (sequence != range.LastSequence + 1 || prevHash != range.LastHash))
                range.Broken = sequence;
            if (range.Broken is null && !Recomputes(hash, sequence, at, dealId, kind, amount, currency, personId, party, sourceType, sourceId, prevHash))
                range.Broken = sequence;
            if (checkpoint is { } cp && sequence == cp.Sequence)
            {
                range.CheckpointSeen = true;
                range.CheckpointDiffers = hash != cp.Hash;
            }
            range.Count++;
            range.LastSequence = sequence;
            range.LastHash = hash;
        }
        return range;
    }

    private static bool Recomputes(string stored, long sequence, DateTimeOffset at, Guid dealId, string kind, decimal amount, string currency,
        string? personId, string? party, string sourceType, Guid sourceId, string prevHash)
    {
        Span<byte> hash = stackalloc byte[32];
        LedgerHashing.HashInto(hash, sequence, at, dealId, kind, amount, currency, personId, party, sourceType, sourceId, prevHash);
        Span<byte> expected = stackalloc byte[32];
        return stored.Length == 64 && IsLowerHex(stored)
            && Convert.FromHexString(stored, expected, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32
            && hash.SequenceEqual(expected);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9A-F-]+$")]
    private static partial System.Text.RegularExpressions.Regex SnapshotId();

    /// <summary>The documented hash is lower-case hex: an upper-cased copy is a change too.</summary>
    private static bool IsLowerHex(string hex)
    {
        foreach (var c in hex) if (c is >= 'A' and <= 'F') return false;
        return true;
    }
}
