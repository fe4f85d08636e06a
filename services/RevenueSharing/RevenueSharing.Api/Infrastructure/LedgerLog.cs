using System.Text;
using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Domain;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// Reads of the ledger's Merkle log (services/RevenueSharing/README.md §7, Merkle log): its size, the stored perfect
/// subtrees, roots and proofs. Leaf i is the entry with sequence i + 1; its data is the entry's canonical JSON.
/// </summary>
public static class LedgerLog
{
    /// <summary>The leaf data of an entry: the same canonical JSON whose SHA-256 is the entry's chain hash.</summary>
    public static byte[] LeafData(LedgerEntry e) => Encoding.UTF8.GetBytes(LedgerHashing.CanonicalJson(e.Sequence, e.At, e.DealId, e.Kind,
        e.Amount, e.Currency, e.PersonId, e.Party, e.SourceType, e.SourceId, e.PrevHash));

    /// <summary>How many entries the tree holds.</summary>
    public static async Task<long> SizeAsync(RevenueDbContext db, CancellationToken ct) =>
        (await db.LedgerTreeNodes.Where(n => n.Level == 0).MaxAsync(n => (long?)n.Index, ct) ?? -1) + 1;

    /// <summary>The stored hashes of these perfect subtrees, in one read; a missing one is an error (the log is damaged).</summary>
    public static async Task<Dictionary<MerkleTree.Node, byte[]>> NodesAsync(RevenueDbContext db, IEnumerable<MerkleTree.Node> wanted, CancellationToken ct)
    {
        var keys = wanted.Distinct().ToList();
        if (keys.Count == 0) return [];
        var levels = keys.Select(k => (short)k.Level).ToArray();
        var indexes = keys.Select(k => k.Index).ToArray();
        var rows = await db.LedgerTreeNodes.FromSql(
                $"SELECT * FROM ledger_tree_nodes WHERE (level, index) IN (SELECT * FROM unnest({levels}::smallint[], {indexes}::bigint[]))")
            .AsNoTracking().ToListAsync(ct);
        var found = rows.ToDictionary(r => new MerkleTree.Node(r.Level, r.Index), r => r.Hash);
        if (found.Count != keys.Count)
            throw new InvalidOperationException($"The Merkle log has no node {keys.First(k => !found.ContainsKey(k))}: it is damaged.");
        return found;
    }

    public static async Task<byte[]> RootAsync(RevenueDbContext db, long size, CancellationToken ct)
    {
        var range = new MerkleTree.Range(0, size);
        var nodes = await NodesAsync(db, MerkleTree.NodesOf(range), ct);
        return MerkleTree.RangeHash(range, n => nodes[n]);
    }

    /// <summary>The hashes of these ranges (a proof), reading every node they need at once.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<byte[]>>> ProofsAsync(RevenueDbContext db,
        IReadOnlyList<IReadOnlyList<MerkleTree.Range>> proofs, CancellationToken ct)
    {
        var nodes = await NodesAsync(db, proofs.SelectMany(p => p).SelectMany(MerkleTree.NodesOf), ct);
        return proofs.Select(p => (IReadOnlyList<byte[]>)p.Select(r => MerkleTree.RangeHash(r, n => nodes[n])).ToList()).ToList();
    }

    public static SignedTreeHead ToSigned(SignedHead head) =>
        new(head.TreeSize, Convert.ToHexStringLower(head.RootHash), head.SignedAt, Convert.ToBase64String(head.Signature));
}
