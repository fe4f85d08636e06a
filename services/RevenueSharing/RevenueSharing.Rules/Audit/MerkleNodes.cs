using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Rules.Audit;

/// <summary>
/// Every perfect subtree of a tree built in memory, one flat array of 32-byte hashes per level (2n hashes in all:
/// 64 MB for a million entries, in a few dozen objects rather than millions), so that the verifier computes any root
/// or proof by indexing.
/// </summary>
public sealed class MerkleNodes
{
    private const int HashSize = MerkleTree.HashSize;
    private readonly List<byte[]> _levels = [];
    private readonly List<long> _counts = [];

    public long Size => _counts.Count == 0 ? 0 : _counts[0];

    public void Append(byte[] leafHash)
    {
        var hash = leafHash;
        for (var level = 0; ; level++)
        {
            if (_levels.Count == level)
            {
                _levels.Add(new byte[HashSize * 1024]);
                _counts.Add(0);
            }
            var count = _counts[level];
            if ((count + 1) * HashSize > _levels[level].Length)
            {
                var grown = _levels[level];
                Array.Resize(ref grown, grown.Length * 2);
                _levels[level] = grown;
            }
            hash.CopyTo(_levels[level].AsSpan((int)(count * HashSize), HashSize));
            _counts[level] = count + 1;
            if (count % 2 == 0) return;
            hash = MerkleTree.NodeHash(_levels[level].AsSpan((int)((count - 1) * HashSize), HashSize), hash);
        }
    }

    /// <summary>The tree over <paramref name="count"/> leaf hashes stored back to back, each level hashed on every core.</summary>
    public static MerkleNodes Build(byte[] flatLeaves, long count)
    {
        var nodes = new MerkleNodes();
        var level = flatLeaves;
        while (count > 0)
        {
            nodes._levels.Add(level);
            nodes._counts.Add(count);
            var below = level;
            var parents = new byte[count / 2 * HashSize];
            Parallel.For(0, (int)(count / 2), i => MerkleTree.NodeHash(below.AsSpan(2 * i * HashSize, HashSize),
                below.AsSpan((2 * i + 1) * HashSize, HashSize), parents.AsSpan(i * HashSize, HashSize)));
            level = parents;
            count /= 2;
        }
        return nodes;
    }

    public byte[] this[MerkleTree.Node node] => _levels[node.Level].AsSpan((int)(node.Index * HashSize), HashSize).ToArray();

    public byte[] Root(long size) => MerkleTree.RangeHash(new MerkleTree.Range(0, size), n => this[n]);

    public List<byte[]> Proof(IReadOnlyList<MerkleTree.Range> ranges) => ranges.Select(r => MerkleTree.RangeHash(r, n => this[n])).ToList();
}
