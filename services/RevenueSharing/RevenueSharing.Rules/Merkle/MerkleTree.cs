using System.Numerics;

namespace RevenueSharing.Rules.Merkle;

/// <summary>
/// The Merkle tree of RFC 9162 §2.1 (Certificate Transparency 2.0) over the ledger: leaf = SHA-256(0x00 ‖ entry),
/// node = SHA-256(0x01 ‖ left ‖ right), the tree of n leaves split at the largest power of two below n. Proofs are
/// built from hashes of perfect, aligned subtrees ("nodes": level l, index i covers leaves [i·2^l, (i+1)·2^l)), which
/// is all the service stores; verification follows the RFC's algorithms (§2.1.3.2, §2.1.4.2) and needs nothing else.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    /// <summary>The hash of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot { get; } = Sha256.Hash([]);

    public const byte LeafPrefix = 0, NodePrefix = 1;

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var hash = new byte[HashSize];
        Sha256.Hash(LeafPrefix, data, hash);
        return hash;
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        NodeHash(left, right, hash);
        return hash;
    }

    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> children = stackalloc byte[2 * HashSize];
        left.CopyTo(children);
        right.CopyTo(children[HashSize..]);
        Sha256.Hash(NodePrefix, children, destination);
    }

    /// <summary>A perfect subtree: level l, index i, covering leaves [i·2^l, (i+1)·2^l).</summary>
    public readonly record struct Node(int Level, long Index)
    {
        public long Start => Index << Level;
        public long End => (Index + 1) << Level;
    }

    /// <summary>A range of leaves [Start, End) whose tree hash a proof carries.</summary>
    public readonly record struct Range(long Start, long End);

    /// <summary>The largest power of two strictly below n (n ≥ 2), where RFC 9162 splits a tree.</summary>
    public static long SplitPoint(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>
    /// The perfect subtrees whose hashes give the tree hash of [start, end), left to right: the left part of each
    /// RFC split is perfect and aligned, so the range is its largest aligned blocks from the left.
    /// </summary>
    public static IEnumerable<Node> NodesOf(Range range)
    {
        var (start, end) = range;
        while (start < end)
        {
            var size = end - start;
            var block = size == 1 ? 1 : (IsPowerOfTwo(size) ? size : SplitPoint(size));
            yield return new Node(BitOperations.Log2((ulong)block), start / block);
            start += block;
        }
    }

    /// <summary>The tree hash of [start, end) from the hashes of its perfect subtrees (<see cref="NodesOf"/>).</summary>
    public static byte[] RangeHash(Range range, Func<Node, byte[]> node)
    {
        if (range.Start == range.End) return EmptyRoot;
        var nodes = NodesOf(range).Select(node).ToList();
        // Right to left: MTH(D[a:b]) = H(left block, MTH(rest)).
        var hash = nodes[^1];
        for (var i = nodes.Count - 2; i >= 0; i--) hash = NodeHash(nodes[i], hash);
        return hash;
    }

    /// <summary>The ranges whose hashes form the inclusion proof of leaf m in a tree of n leaves (RFC 9162 §2.1.3.1).</summary>
    public static IReadOnlyList<Range> InclusionRanges(long m, long n)
    {
        if (m < 0 || m >= n) throw new ArgumentOutOfRangeException(nameof(m), $"Leaf {m} is not in a tree of {n}.");
        var path = new List<Range>();
        Path(m, 0, n, path);
        return path;
    }

    private static void Path(long m, long start, long n, List<Range> path)
    {
        if (n == 1) return;
        var k = SplitPoint(n);
        if (m < k)
        {
            Path(m, start, k, path);
            path.Add(new Range(start + k, start + n));
        }
        else
        {
            Path(m - k, start + k, n - k, path);
            path.Add(new Range(start, start + k));
        }
    }

    /// <summary>The ranges whose hashes form the consistency proof from a tree of m leaves to one of n (RFC 9162 §2.1.4.1).</summary>
    public static IReadOnlyList<Range> ConsistencyRanges(long m, long n)
    {
        if (m < 0 || m > n) throw new ArgumentOutOfRangeException(nameof(m), $"A tree of {m} is not a prefix of one of {n}.");
        var proof = new List<Range>();
        if (m > 0 && m < n) SubProof(m, 0, n, true, proof);
        return proof;
    }

    private static void SubProof(long m, long start, long n, bool whole, List<Range> proof)
    {
        if (m == n)
        {
            if (!whole) proof.Add(new Range(start, start + m));
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, k, whole, proof);
            proof.Add(new Range(start + k, start + n));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, proof);
            proof.Add(new Range(start, start + k));
        }
    }

    /// <summary>RFC 9162 §2.1.3.2: does the path lead from the leaf hash at index m to the root of a tree of n leaves?</summary>
    public static bool VerifyInclusion(long m, long n, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (m < 0 || m >= n) return false;
        long fn = m, sn = n - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0 || p.Length != HashSize) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: is the tree of m leaves with the first root a prefix of the tree of n leaves with the second?</summary>
    public static bool VerifyConsistency(long m, long n, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (m < 0 || m > n) return false;
        if (m == n) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (m == 0) return proof.Count == 0; // the empty tree is a prefix of every tree
        if (proof.Count == 0 || proof.Any(p => p.Length != HashSize)) return false;
        var path = IsPowerOfTwo(m) ? [firstRoot.ToArray(), .. proof] : proof.ToList();
        long fn = m - 1, sn = n - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot) && sn == 0;
    }

    private static bool IsPowerOfTwo(long n) => n > 0 && (n & (n - 1)) == 0;
}
