using BenchmarkDotNet.Running;

// ./platform bench [BenchmarkDotNet arguments], e.g. ./platform bench --filter '*MonteCarlo*'
// ./platform bench --verifier-phases: one run of the offline verifier over 1,000,000 entries, timed phase by phase.
if (args is ["--verifier-phases"])
{
    var data = new Benchmarks.MerkleLogBenchmarks();
    data.Setup();
    RevenueSharing.Rules.Audit.LedgerAudit.Timings = Console.Out;
    for (var run = 0; run < 5; run++)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pause = GC.GetTotalPauseDuration();
        var (gen0, gen2) = (GC.CollectionCount(0), GC.CollectionCount(2));
        var entries = data.RunOfflineVerifier();
        Console.WriteLine($"run {run}: {entries} entries in {clock.ElapsedMilliseconds} ms; garbage collection paused it {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms "
            + $"({GC.CollectionCount(0) - gen0} collections, {GC.CollectionCount(2) - gen2} of them full)");
    }
    var reading = System.Diagnostics.Stopwatch.StartNew();
    Console.WriteLine($"reading and parsing alone: {data.ReadOnly()} lines in {reading.ElapsedMilliseconds} ms");
    data.Cleanup();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.MonteCarloBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
