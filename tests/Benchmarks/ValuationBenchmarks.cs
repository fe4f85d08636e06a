using BenchmarkDotNet.Attributes;
using Valuation.Api.Domain;
using Valuation.Api.Simulation;

namespace Benchmarks;

/// <summary>Issue target: 10,000 iterations answer well within a second.</summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private static readonly IncomeInputs TenYears = new(
        Enumerable.Range(1, 10).Select(y => 1_000_000m * y).ToList(), 0.04m, 0.14m, 0.25m, 0.35m);

    [Params(10_000)]
    public int Iterations { get; set; }

    [Benchmark]
    public MonteCarlo.Percentiles IncomeTenYears() => ValuationSimulation.Run(TenYears, Iterations, 42, 0.2);

    [Benchmark]
    public MonteCarlo.Percentiles IncomeTenYearsOneThread() => ValuationSimulation.Run(TenYears, Iterations, 42, 0.2, degreeOfParallelism: 1);
}
