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
        // A valid export of 1,000,000 entries shaped like the service's: 10,000 deals of four contributors, each with a
        // cost and receipts, every receipt distributed by the rules (a distribution line per contributor, each followed
        // by its payout line), with a signed head every 10,000 entries.
        var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        _publicKey = LedgerSigningKey.PublicKeyOf(key);
        _nodes = new MerkleNodes();
        _heads = [];
        _exportPath = Path.Combine(Path.GetTempPath(), "bench-ledger-export-1m.jsonl");
        RevenueSharing.Rules.Contributor[] contributors =
        [
            new() { PersonId = "A", Name = "A", Share = 0.40m, Role = "inventor" }, new() { PersonId = "B", Name = "B", Share = 0.30m, Role = "inventor" },
            new() { PersonId = "C", Name = "C", Share = 0.20m, Role = "inventor" }, new() { PersonId = "D", Name = "D", Share = 0.10m, Role = "inventor" },
        ];
        var exported = contributors.Select(c => new ExportedContributor(c.PersonId, c.Share.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        using (var writer = new StreamWriter(_exportPath, false, new UTF8Encoding(false), 1 << 16))
        {
            void Line<T>(T value) { writer.Write(JsonSerializer.Serialize(value, LedgerExport.Json)); writer.Write('\n'); }
            var previous = LedgerHashing.Genesis;
            var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
            long sequence = 0;
            var entries = new List<ExportedEntry>(Entries);
            void Entry(Guid deal, string kind, decimal amount, string? person, string sourceType, Guid source)
            {
                sequence++;
                var json = LedgerHashing.CanonicalJson(sequence, at, deal, kind, amount, "CNY", person, null, sourceType, source, previous);
                var hash = LedgerHashing.Hash(json);
                entries.Add(new ExportedEntry(sequence, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), deal, kind,
                    amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), "CNY", person, null, sourceType, source, previous, hash));
                _nodes.Append(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(json)));
                if (sequence % 10_000 == 0)
                {
                    var head = SignedTreeHead.Sign(key, sequence, _nodes.Root(sequence), at);
                    _heads.Add(new ExportedHead(head.TreeSize, head.RootHash, head.Timestamp, head.Signature));
                }
                previous = hash;
            }
            var random = new Random(7);
            for (var d = 0; sequence < Entries; d++)
            {
                var deal = new Guid(d, 0, 0, new byte[8]);
                Line(new ExportedAccount(deal, "fudan", "exclusive_licence", 0, "0.70", "0.70", exported));
                var cost = Guid.CreateVersion7();
                var costAmount = random.Next(1, 100_000) / 100m;
                Line(new ExportedCost(cost, deal, "legal", costAmount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), null));
                Entry(deal, "cost", costAmount, null, "cost", cost);
                decimal net = -costAmount;
                var already = new Dictionary<string, decimal>(StringComparer.Ordinal);
                for (var r = 0; r < 11 && sequence + 9 <= Entries; r++)
                {
                    var receipt = Guid.CreateVersion7();
                    var amount = random.Next(100_00, 10_000_000) / 100m;
                    Line(new ExportedReceipt(receipt, deal, amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), "0.00", "0.00", null));
                    Entry(deal, "receipt", amount, null, "receipt", receipt);
                    net += amount;
                    var target = Platform.BuildingBlocks.Monetary.Rounding.UpToMinorUnit(0.70m * Math.Max(net, 0m), "CNY");
                    if (target <= already.Values.Sum()) continue;
                    var split = RewardCalculation.SplitCumulative(target, already, contributors);
                    var distribution = Guid.CreateVersion7();
                    Line(new ExportedDistribution(distribution, deal, 0, "0.70", net.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                        target.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                        split.Sum(p => p.Amount.Amount).ToString("F2", System.Globalization.CultureInfo.InvariantCulture), at));
                    foreach (var (person, part) in split)
                    {
                        Entry(deal, "distribution", part.Amount, person, "distribution", distribution);
                        Entry(deal, "payout_scheduled", part.Amount, person, "payout", Guid.CreateVersion7());
                        already[person] = already.GetValueOrDefault(person) + part.Amount;
                    }
                }
            }
            foreach (var e in entries) Line(e);
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

    public long ReadOnly()
    {
        using var stream = File.OpenRead(_exportPath);
        return LedgerExport.Read(stream).LongCount();
    }

    /// <summary>What ./platform audit verify does with the export and its heads.</summary>
    public long RunOfflineVerifier()
    {
        using var stream = File.OpenRead(_exportPath);
        var report = LedgerAudit.Verify(stream, _heads, _publicKey);
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
[GcServer(true)] // as the verifier runs (its project sets ServerGarbageCollection and no concurrent collection)
[GcConcurrent(false)]
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
