using BenchmarkDotNet.Running;

// ./platform bench [BenchmarkDotNet arguments], e.g. ./platform bench --filter '*MonteCarlo*'
// ./platform bench --verifier-phases: one run of the offline verifier over 1,000,000 entries, timed phase by phase.
if (args is ["--verifier-phases"])
{
    var data = new Benchmarks.MerkleLogBenchmarks();
    data.Setup();
    RevenueSharing.Rules.Audit.LedgerAudit.Timings = Console.Out;
    for (var run = 0; run < 2; run++) Console.WriteLine($"run {run}: {data.RunOfflineVerifier()} entries");
    var reading = System.Diagnostics.Stopwatch.StartNew();
    Console.WriteLine($"reading and parsing alone: {data.ReadOnly()} lines in {reading.ElapsedMilliseconds} ms");
    data.Cleanup();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Benchmarks.MonteCarloBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args);
