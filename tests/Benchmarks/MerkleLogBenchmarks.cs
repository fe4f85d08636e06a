using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RevenueSharing.Rules.Audit;
using RevenueSharing.Rules.Merkle;

namespace Benchmarks;

/// <summary>
/// The ledger's Merkle log (issue #18): what the tree adds to appending an entry, proof sizes and verification
/// times for a log of 1,000,000 entries, and the offline verifier over a 1,000,000-entry export (target 3 s).
/// ./platform bench --filter '*MerkleLog*'
/// </summary>
[ShortRunJob]
public class MerkleLogBenchmarks
{
    private const int Entries = 1_000_000;
    private readonly Guid _deal = Guid.CreateVersion7();
    private readonly Guid _source = Guid.CreateVersion7();
    private MerkleNodes _nodes = null!;
    private byte[] _root = null!;
    private List<byte[]> _inclusion = null!;
    private List<byte[]> _consistency = null!;
    private byte[] _leaf = null!;
    private byte[] _halfRoot = null!;
    private string _exportPath = null!;
    private List<ExportedHead> _heads = null!;
    private byte[] _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A valid export of 1,000,000 entries (deals of receipts and costs), with a signed head every 10,000.
        var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        _publicKey = LedgerSigningKey.PublicKeyOf(key);
        _nodes = new MerkleNodes();
        _heads = [];
        _exportPath = Path.Combine(Path.GetTempPath(), "bench-ledger-export-1m.jsonl");
        using (var writer = new StreamWriter(_exportPath, false, new UTF8Encoding(false), 1 << 16))
        {
            var previous = LedgerHashing.Genesis;
            var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
            for (long sequence = 1; sequence <= Entries; sequence++)
            {
                var deal = new Guid((int)(sequence / 100), 0, 0, new byte[8]);
                var kind = sequence % 2 == 0 ? "receipt" : "cost";
                var source = new Guid((int)sequence, 1, 1, new byte[8]);
                writer.Write(kind == "receipt"
                    ? JsonSerializer.Serialize(new ExportedReceipt(source, deal, "1000.00", "0.00", "0.00", null), LedgerExport.Json)
                    : JsonSerializer.Serialize(new ExportedCost(source, deal, "legal", "1000.00", null), LedgerExport.Json));
                writer.Write('\n');
                var json = LedgerHashing.CanonicalJson(sequence, at, deal, kind, 1000.00m, "CNY", null, null, kind, source, previous);
                var hash = LedgerHashing.Hash(json);
                var entry = new ExportedEntry(sequence, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"), deal, kind, "1000.00", "CNY",
                    null, null, kind, source, previous, hash);
                writer.Write(JsonSerializer.Serialize(entry, LedgerExport.Json));
                writer.Write('\n');
                _nodes.Append(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(json)));
                if (sequence % 10_000 == 0)
                {
                    var head = SignedTreeHead.Sign(key, sequence, _nodes.Root(sequence), at);
                    _heads.Add(new ExportedHead(head.TreeSize, head.RootHash, head.Timestamp, head.Signature));
                }
                previous = hash;
            }
            writer.Write(JsonSerializer.Serialize(new ExportedPolicy("fudan", 1, "0.70"), LedgerExport.Json) + "\n");
            foreach (var d in Enumerable.Range(0, Entries / 100 + 1))
                writer.Write(JsonSerializer.Serialize(new ExportedAccount(new Guid(d, 0, 0, new byte[8]), "fudan", "exclusive_licence", 1, "0.70", "0.70", []),
                    LedgerExport.Json) + "\n");
        }
        _root = _nodes.Root(Entries);
        _leaf = _nodes[new MerkleTree.Node(0, 123_456)];
        _inclusion = _nodes.Proof(MerkleTree.InclusionRanges(123_456, Entries));
        _halfRoot = _nodes.Root(Entries / 2 + 1);
        _consistency = _nodes.Proof(MerkleTree.ConsistencyRanges(Entries / 2 + 1, Entries));
        Console.WriteLine($"// inclusion proof for 1,000,000 entries: {_inclusion.Count} hashes; consistency proof 500,001 → 1,000,000: {_consistency.Count} hashes");
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_exportPath);

    /// <summary>What ./platform audit verify does with the export and its heads.</summary>
    public long RunOfflineVerifier()
    {
        using var stream = File.OpenRead(_exportPath);
        var report = LedgerAudit.Verify(LedgerExport.Read(stream), _heads, _publicKey);
        return report.Valid && report.Entries == Entries ? report.Entries : throw new InvalidOperationException(string.Join("; ", report.Findings.Take(3)));
    }

    /// <summary>Appending without the tree: the entry's canonical JSON and its chain hash.</summary>
    [Benchmark(Baseline = true)]
    public string AppendEntryChainOnly() => LedgerHashing.Hash(LedgerHashing.CanonicalJson(
        123_456, DateTimeOffset.UnixEpoch, _deal, "distribution", 263_200.00m, "CNY", "p-001", null, "distribution", _source, LedgerHashing.Genesis));

    /// <summary>Appending with the tree: the same, plus the leaf hash and the subtrees it completes (amortised).</summary>
    [Benchmark]
    public int AppendEntryWithTree()
    {
        var json = LedgerHashing.CanonicalJson(123_456, DateTimeOffset.UnixEpoch, _deal, "distribution", 263_200.00m, "CNY", "p-001", null,
            "distribution", _source, LedgerHashing.Genesis);
        _ = LedgerHashing.Hash(json);
        return _appendTree.Append(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(json))).Count;
    }

    private readonly CompactRange _appendTree = new();

    [Benchmark]
    public bool VerifyInclusionIn1M() => MerkleTree.VerifyInclusion(123_456, Entries, _leaf, _inclusion, _root) ? true : throw new InvalidOperationException();

    [Benchmark]
    public bool VerifyConsistencyIn1M() =>
        MerkleTree.VerifyConsistency(Entries / 2 + 1, Entries, _halfRoot, _root, _consistency) ? true : throw new InvalidOperationException();

}

/// <summary>The offline verifier (./platform audit verify) over a 1,000,000-entry export with 100 signed heads: target 3 s.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[GcServer(true)] // as the verifier runs (its project sets ServerGarbageCollection)
public class MerkleLogVerifierBenchmarks
{
    private readonly MerkleLogBenchmarks _data = new();

    [GlobalSetup]
    public void Setup() => _data.Setup();

    [GlobalCleanup]
    public void Cleanup() => _data.Cleanup();

    [Benchmark]
    public long OfflineVerifier1MEntries() => _data.RunOfflineVerifier();
}
