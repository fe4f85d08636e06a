namespace RevenueSharing.Rules.Merkle;

/// <summary>
/// The right edge of a growing Merkle tree: the perfect subtrees that cover leaves [0, size), at most one per level.
/// Appending a leaf merges equal subtrees upward, so each append costs O(log n) hashes amortised O(1), and the
/// root of the current size comes from these alone. The service keeps the nodes it makes; the offline verifier
/// needs nothing else to recompute each signed head.
/// </summary>
public sealed class CompactRange
{
    private readonly List<(MerkleTree.Node Node, byte[] Hash)> _nodes = [];

    public long Size { get; private set; }

    /// <summary>Starts from the nodes <see cref="MerkleTree.NodesOf"/> gives for [0, size), with their hashes.</summary>
    public static CompactRange Resume(long size, Func<MerkleTree.Node, byte[]> hashOf)
    {
        var range = new CompactRange { Size = size };
        foreach (var node in MerkleTree.NodesOf(new MerkleTree.Range(0, size)))
            range._nodes.Add((node, hashOf(node)));
        return range;
    }

    /// <summary>Appends a leaf; returns every perfect subtree it completes, the leaf itself first.</summary>
    public IReadOnlyList<(MerkleTree.Node Node, byte[] Hash)> Append(byte[] leafHash)
    {
        var made = new List<(MerkleTree.Node, byte[])>();
        var node = new MerkleTree.Node(0, Size);
        var hash = leafHash;
        made.Add((node, hash));
        while (_nodes.Count > 0 && _nodes[^1].Node.Level == node.Level)
        {
            var left = _nodes[^1];
            _nodes.RemoveAt(_nodes.Count - 1);
            hash = MerkleTree.NodeHash(left.Hash, hash);
            node = new MerkleTree.Node(node.Level + 1, left.Node.Index >> 1);
            made.Add((node, hash));
        }
        _nodes.Add((node, hash));
        Size++;
        return made;
    }

    public byte[] Root()
    {
        if (_nodes.Count == 0) return MerkleTree.EmptyRoot;
        var hash = _nodes[^1].Hash;
        for (var i = _nodes.Count - 2; i >= 0; i--) hash = MerkleTree.NodeHash(_nodes[i].Hash, hash);
        return hash;
    }
}
