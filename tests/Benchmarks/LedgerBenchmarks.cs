using BenchmarkDotNet.Attributes;

namespace Benchmarks;

/// <summary>Hashing a ledger entry: the unit of work of appending and of verifying the chain.</summary>
public class LedgerHashingBenchmarks
{
    private readonly Guid _deal = Guid.CreateVersion7();
    private readonly Guid _source = Guid.CreateVersion7();

    [Benchmark]
    public string HashOneEntry() => LedgerHashing.Hash(LedgerHashing.CanonicalJson(
        123_456, DateTimeOffset.UnixEpoch, _deal, LedgerKinds.Distribution, 263_200.00m, "CNY", "p-001", null, "distribution", _source, LedgerHashing.Genesis));
}
