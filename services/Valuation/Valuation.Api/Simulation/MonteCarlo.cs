namespace Valuation.Api.Simulation;

/// <summary>
/// Runs a valuation model many times with its inputs drawn around their stated values, and reads the
/// 10th, 50th and 90th percentiles (nearest rank) off the sorted outcomes. Samples are doubles (deploy/README.md, Architecture:
/// a Monte Carlo may sample in double); they become money once, at the end, rounded to the minor unit.
/// </summary>
public static class MonteCarlo
{
    public sealed record Percentiles(double P10, double P50, double P90);

    /// <param name="model">One outcome for one iteration's random stream.</param>
    public static Percentiles Run(int iterations, long seed, Func<RandomStream, double> model, int? degreeOfParallelism = null)
    {
        var outcomes = new double[iterations];
        Parallel.For(0, iterations, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism ?? Environment.ProcessorCount },
            i => outcomes[i] = model(new RandomStream(seed, i)));
        // The multiset of outcomes does not depend on the partitioning; sorting it makes the order not depend either.
        Array.Sort(outcomes);
        return new Percentiles(NearestRank(outcomes, 0.10), NearestRank(outcomes, 0.50), NearestRank(outcomes, 0.90));
    }

    private static double NearestRank(double[] sorted, double p) =>
        sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
