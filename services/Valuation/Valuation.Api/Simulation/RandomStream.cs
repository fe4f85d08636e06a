namespace Valuation.Api.Simulation;

/// <summary>
/// A counter-based random stream: iteration i of seed s always draws the same numbers, whichever thread runs
/// it and however the iterations are partitioned. That is what makes a valuation reproducible to the fen with
/// any degree of parallelism. SplitMix64 (Steele, Lea, Flood 2014) is used for its tiny state and good mixing.
/// </summary>
public struct RandomStream(long seed, long iteration)
{
    private ulong _state = Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)iteration * 0xD1B54A32D192ED03UL));

    /// <summary>A double uniform on [0, 1), from the top 53 bits.</summary>
    public double NextUniform()
    {
        _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
        return (Mix(_state) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}

/// <summary>
/// The triangular distribution around a stated value: min = x·(1 − v), mode = x, max = x·(1 + v), clipped to the
/// input's valid range. Only +, −, ×, ÷ and √ are used, which IEEE 754 rounds exactly on every machine, so the
/// samples are bit-identical everywhere (a lognormal would need exp and log, which are not).
/// </summary>
public static class Triangular
{
    public static double Sample(ref RandomStream random, double mode, double volatility, double min = double.MinValue, double max = double.MaxValue)
    {
        var u = random.NextUniform();
        if (volatility == 0) return mode;
        var a = Math.Max(min, mode - Math.Abs(mode) * volatility);
        var b = Math.Min(max, mode + Math.Abs(mode) * volatility);
        if (b <= a) return mode;
        var c = Math.Clamp(mode, a, b);
        var split = (c - a) / (b - a);
        return u < split
            ? a + Math.Sqrt(u * (b - a) * (c - a))
            : b - Math.Sqrt((1 - u) * (b - a) * (b - c));
    }
}
