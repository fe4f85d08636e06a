using System.Text.Json.Nodes;
using CsCheck;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Tests;

/// <summary>
/// The ledger's Merkle tree agrees with an independent RFC 9162 implementation (transparency-dev/merkle's vectors,
/// vendored as data) and its proofs verify, and fail, as the RFC's algorithms say.
/// </summary>
public class MerkleTreeTests
{
    private static readonly JsonNode Vectors =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestVectors", "rfc9162-merkle-vectors.json")))!;

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString(node!.GetValue<string>());

    private static readonly byte[][] Leaves = Vectors["leaves"]!.AsArray().Select(l => MerkleTree.LeafHash(Hex(l))).ToArray();

    /// <summary>Every perfect subtree of the first n leaves, as the service stores them.</summary>
    private static Dictionary<MerkleTree.Node, byte[]> NodesOf(IEnumerable<byte[]> leafHashes)
    {
        var range = new CompactRange();
        var nodes = new Dictionary<MerkleTree.Node, byte[]>();
        foreach (var leaf in leafHashes)
            foreach (var (node, hash) in range.Append(leaf)) nodes[node] = hash;
        return nodes;
    }

    private static List<byte[]> Proof(IReadOnlyList<MerkleTree.Range> ranges, Dictionary<MerkleTree.Node, byte[]> nodes) =>
        ranges.Select(r => MerkleTree.RangeHash(r, n => nodes[n])).ToList();

    [Fact]
    public void Roots_match_the_reference_vectors()
    {
        Assert.Equal(Hex(Vectors["emptyRoot"]), new CompactRange().Root());
        var nodes = NodesOf(Leaves);
        foreach (var root in Vectors["roots"]!.AsArray())
        {
            var size = root!["treeSize"]!.GetValue<int>();
            var range = new CompactRange();
            foreach (var leaf in Leaves.Take(size)) range.Append(leaf);
            Assert.Equal(Hex(root["rootHash"]), range.Root());
            Assert.Equal(Hex(root["rootHash"]), MerkleTree.RangeHash(new(0, size), n => nodes[n]));
            Assert.Equal(Hex(root["rootHash"]), CompactRange.Resume(size, n => nodes[n]).Root());
        }
    }

    private static byte[] RootOf(int size) => Hex(Vectors["roots"]!.AsArray().Single(r => r!["treeSize"]!.GetValue<int>() == size)!["rootHash"]);

    [Fact]
    public void Inclusion_proofs_match_the_reference_vectors_and_verify()
    {
        var nodes = NodesOf(Leaves);
        foreach (var vector in Vectors["inclusionProofs"]!.AsArray())
        {
            var (m, n) = (vector!["leafIndex"]!.GetValue<long>(), vector["treeSize"]!.GetValue<long>());
            var expected = vector["proof"]!.AsArray().Select(Hex).ToList();
            var proof = Proof(MerkleTree.InclusionRanges(m, n), nodes);
            Assert.Equal(expected, proof);
            Assert.True(MerkleTree.VerifyInclusion(m, n, Leaves[m], proof, RootOf((int)n)), $"leaf {m} of {n}");
            Assert.False(MerkleTree.VerifyInclusion(m, n, Leaves[(m + 1) % n == m ? 0 : (m + 1) % n], proof, RootOf((int)n)) && n > 1);
            if (proof.Count > 0)
            {
                var bent = proof.Select(p => p.ToArray()).ToList();
                bent[0][0] ^= 1;
                Assert.False(MerkleTree.VerifyInclusion(m, n, Leaves[m], bent, RootOf((int)n)));
            }
        }
    }

    [Fact]
    public void Consistency_proofs_match_the_reference_vectors_and_verify()
    {
        var nodes = NodesOf(Leaves);
        foreach (var vector in Vectors["consistencyProofs"]!.AsArray())
        {
            var (m, n) = (vector!["size1"]!.GetValue<long>(), vector["size2"]!.GetValue<long>());
            var expected = vector["proof"]!.AsArray().Select(Hex).ToList();
            var proof = Proof(MerkleTree.ConsistencyRanges(m, n), nodes);
            Assert.Equal(expected, proof);
            Assert.True(MerkleTree.VerifyConsistency(m, n, RootOf((int)m), RootOf((int)n), proof), $"{m} to {n}");
            if (m != n) Assert.False(MerkleTree.VerifyConsistency(m, n, RootOf((int)n), RootOf((int)m), proof));
        }
    }

    [Fact]
    public void Every_proof_of_random_trees_verifies_and_a_changed_leaf_breaks_it() =>
        Gen.Int[1, 200].Select(Gen.Int[0, 199], Gen.Int[0, 199]).Sample((n, a, b) =>
        {
            var leaves = Enumerable.Range(0, n).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
            var nodes = NodesOf(leaves);
            var (m, first) = (a % n, 1 + b % n);
            var root = MerkleTree.RangeHash(new(0, n), x => nodes[x]);
            var firstRoot = MerkleTree.RangeHash(new(0, first), x => nodes[x]);
            var inclusion = Proof(MerkleTree.InclusionRanges(m, n), nodes);
            var consistency = Proof(MerkleTree.ConsistencyRanges(first, n), nodes);
            Assert.True(MerkleTree.VerifyInclusion(m, n, leaves[m], inclusion, root));
            Assert.True(MerkleTree.VerifyConsistency(first, n, firstRoot, root, consistency));
            Assert.True(inclusion.Count <= 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)n));
            // A rewritten leaf gives another root, and the old head's consistency proof no longer holds.
            var forged = leaves.ToList();
            forged[m] = MerkleTree.LeafHash([0xFF]);
            var forgedNodes = NodesOf(forged);
            var forgedRoot = MerkleTree.RangeHash(new(0, n), x => forgedNodes[x]);
            Assert.NotEqual(root, forgedRoot);
            if (m < first)
                Assert.False(MerkleTree.VerifyConsistency(first, n, firstRoot, forgedRoot,
                    Proof(MerkleTree.ConsistencyRanges(first, n), forgedNodes)));
        }, iter: 300);
}
