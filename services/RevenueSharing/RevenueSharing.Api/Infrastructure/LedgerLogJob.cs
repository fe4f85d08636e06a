using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Domain;
using RevenueSharing.Contracts;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// Keeps the ledger's Merkle log (RFC 9162) and signs its heads, on one replica at a time. Entries are added to the
/// tree in sequence order after they commit (as Trillian's sequencer does), so appending an entry stays one row and
/// the head lock is held no longer; each leaf adds its perfect subtrees (O(log n) hashes, amortised two rows) and
/// nothing is ever recomputed. An entry whose stored hash no longer matches its fields is not added: the log stops
/// there and says so, rather than sign over a changed entry. A head is signed and published (ledger.head_signed)
/// once enough entries, or old enough ones, are unsigned.
/// </summary>
public sealed class LedgerLogJob(IServiceScopeFactory scopes, IOptions<LedgerLogOptions> options, LedgerKey key, LedgerLogStatus status,
    ILogger<LedgerLogJob> logger)
    : LeaderJob<RevenueDbContext>(scopes, logger)
{
    protected override string Name => "ledger-log";

    protected override TimeSpan Interval => options.Value.IntegrateInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<RevenueDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        _problemThisRun = null;
        while (await IntegrateAsync(db, ct) == options.Value.BatchSize) { }
        await SignIfDueAsync(db, key, clock, ct);
        if (_problemThisRun is null) status.Problem = null; // cleared once a run no longer meets it (after a repair)
        status.LastRun = clock.GetUtcNow();
    }

    /// <summary>Adds the next batch of entries to the tree; returns how many were added.</summary>
    public async Task<int> IntegrateAsync(RevenueDbContext db, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var size = await LedgerLog.SizeAsync(db, ct);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.Sequence > size).OrderBy(e => e.Sequence)
            .Take(options.Value.BatchSize).ToListAsync(ct);
        if (entries.Count == 0) return 0;
        var frontier = await LedgerLog.NodesAsync(db, MerkleTree.NodesOf(new MerkleTree.Range(0, size)), ct);
        var tree = CompactRange.Resume(size, n => frontier[n]);
        var added = 0;
        foreach (var entry in entries)
        {
            if (entry.Sequence != tree.Size + 1)
            {
                Stop($"Ledger entry {tree.Size + 1} is missing: the Merkle log stops at {tree.Size}.");
                break;
            }
            var data = LedgerLog.LeafData(entry);
            if (LedgerHashing.Hash(Encoding.UTF8.GetString(data)) != entry.Hash)
            {
                Stop($"Ledger entry {entry.Sequence} does not match its hash: the Merkle log stops at {tree.Size}.");
                break;
            }
            foreach (var (node, hash) in tree.Append(MerkleTree.LeafHash(data)))
                db.LedgerTreeNodes.Add(new LedgerTreeNode { Level = (short)node.Level, Index = node.Index, Hash = hash });
            added++;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return added;
    }

    private string? _problemThisRun;

    private void Stop(string problem)
    {
        if (status.Problem != problem) logger.LogError("{Problem}", problem);
        status.Problem = _problemThisRun = problem;
    }

    /// <summary>Signs the current tree when SignEveryEntries entries or an entry older than SignEvery are unsigned.</summary>
    public async Task<SignedHead?> SignIfDueAsync(RevenueDbContext db, LedgerKey key, TimeProvider clock, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var size = await LedgerLog.SizeAsync(db, ct);
        var signed = await db.SignedHeads.MaxAsync(h => (long?)h.TreeSize, ct) ?? 0;
        if (size <= signed) return null;
        var now = clock.GetUtcNow();
        var oldestUnsigned = await db.LedgerEntries.Where(e => e.Sequence == signed + 1).Select(e => e.At).SingleAsync(ct);
        if (size - signed < options.Value.SignEveryEntries && now - oldestUnsigned < options.Value.SignEvery) return null;

        var head = SignedTreeHead.Sign(key.Key, size, await LedgerLog.RootAsync(db, size, ct), now);
        var row = new SignedHead
        {
            TreeSize = head.TreeSize, RootHash = head.RootBytes(), SignedAt = head.Timestamp, Signature = Convert.FromBase64String(head.Signature),
        };
        db.SignedHeads.Add(row);
        db.AddEvent(new LedgerHeadSigned
        {
            OccurredAt = now, TreeSize = head.TreeSize, RootHash = head.RootHash, Timestamp = head.Timestamp, Signature = head.Signature,
        }, clock);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Signed ledger head {TreeSize} {RootHash}", head.TreeSize, head.RootHash);
        return row;
    }
}
