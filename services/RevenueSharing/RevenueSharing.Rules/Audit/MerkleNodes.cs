using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Rules.Audit;

/// <summary>
/// Every perfect subtree of a tree built in memory, one flat array per level (2n hashes in all: 64 MB for a million
/// entries), so that the verifier computes any root or proof by indexing.
/// </summary>
public sealed class MerkleNodes
{
    private readonly List<List<byte[]>> _levels = [];

    public long Size => _levels.Count == 0 ? 0 : _levels[0].Count;

    public void Append(byte[] leafHash)
    {
        var hash = leafHash;
        for (var level = 0; ; level++)
        {
            if (_levels.Count == level) _levels.Add([]);
            var nodes = _levels[level];
            nodes.Add(hash);
            if (nodes.Count % 2 == 1) return;
            hash = MerkleTree.NodeHash(nodes[^2], hash);
        }
    }

    /// <summary>The tree over these leaf hashes, each level's nodes hashed on every core.</summary>
    public static MerkleNodes Build(IReadOnlyList<byte[]> leafHashes)
    {
        var nodes = new MerkleNodes();
        var level = leafHashes.ToList();
        while (level.Count > 0)
        {
            nodes._levels.Add(level);
            var below = level;
            var parents = new byte[below.Count / 2][];
            Parallel.For(0, parents.Length, i => parents[i] = MerkleTree.NodeHash(below[2 * i], below[2 * i + 1]));
            level = [.. parents];
        }
        return nodes;
    }

    public byte[] this[MerkleTree.Node node] => _levels[node.Level][(int)node.Index];

    public byte[] Root(long size) => MerkleTree.RangeHash(new MerkleTree.Range(0, size), n => this[n]);

    public List<byte[]> Proof(IReadOnlyList<MerkleTree.Range> ranges) => ranges.Select(r => MerkleTree.RangeHash(r, n => this[n])).ToList();
}
