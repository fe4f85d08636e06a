using Platform.BuildingBlocks.Monetary;

namespace BuildingBlocks.Tests;

public class LargestRemainderTests
{
    private static IReadOnlyList<ShareHolder> Holders(params (string Id, decimal Share)[] h) =>
        h.Select(x => new ShareHolder(x.Id, x.Share)).ToList();

    [Fact]
    public void Worked_example_of_domain_md()
    {
        var split = LargestRemainder.Split(Money.Cny(658000.00m), Holders(("A", 0.40m), ("B", 0.30m), ("C", 0.20m), ("D", 0.10m)));
        Assert.Equal([263200.00m, 197400.00m, 131600.00m, 65800.00m], split.Select(s => s.Amount.Amount));
    }

    [Fact]
    public void Thirds_sum_exactly_and_the_leftover_fen_goes_to_the_smallest_id_on_a_tie()
    {
        var third = 1m / 3m;
        var shares = Holders(("p-2", third), ("p-1", third), ("p-3", 1m - 2 * third));
        var split = LargestRemainder.Split(Money.Cny(100.00m), shares);
        Assert.Equal(100.00m, split.Sum(s => s.Amount.Amount));
        // 10000 fen × 1/3 = 3333.33…: one fen left; p-3 has the larger share (by 1e-28) and gets it.
        Assert.Equal(33.34m, split.Single(s => s.PersonId == "p-3").Amount.Amount);
    }

    [Fact]
    public void Equal_remainders_and_equal_shares_go_to_the_smaller_person_id_ordinally()
    {
        var split = LargestRemainder.SplitUnits(1m, Holders(("b", 0.5m), ("B", 0.5m)));
        Assert.Equal(1m, split.Single(s => s.PersonId == "B").Units); // "B" < "b" ordinally
    }

    [Fact]
    public void Equal_remainders_go_to_the_larger_share_first()
    {
        // 7 units: 0.5 → 3.5, 0.25 → 1.75, 0.25 → 1.75; floors 3+1+1 = 5, 2 left: remainders .75, .75, .5.
        var split = LargestRemainder.SplitUnits(7m, Holders(("z", 0.5m), ("a", 0.25m), ("b", 0.25m)));
        Assert.Equal([3m, 2m, 2m], split.Select(s => s.Units));
        // 5 units: 2.5, 1.25, 1.25 → floors 2,1,1; 1 left; remainders .5, .25, .25 → z.
        Assert.Equal([3m, 1m, 1m], LargestRemainder.SplitUnits(5m, Holders(("z", 0.5m), ("a", 0.25m), ("b", 0.25m))).Select(s => s.Units));
        // 10 units over 0.15/0.25/0.6: 1.5, 2.5, 6 → one unit left, remainders tie at .5: the larger share (b) wins over the smaller id (a).
        Assert.Equal([1m, 3m, 6m], LargestRemainder.SplitUnits(10m, Holders(("a", 0.15m), ("b", 0.25m), ("c", 0.6m))).Select(s => s.Units));
    }

    [Fact]
    public void Same_input_same_split_whatever_the_order()
    {
        var a = LargestRemainder.SplitUnits(1001m, Holders(("x", 0.3m), ("y", 0.3m), ("z", 0.4m)));
        var b = LargestRemainder.SplitUnits(1001m, Holders(("z", 0.4m), ("y", 0.3m), ("x", 0.3m)));
        Assert.Equal(a.OrderBy(p => p.PersonId, StringComparer.Ordinal), b.OrderBy(p => p.PersonId, StringComparer.Ordinal));
    }

    [Fact]
    public void Random_shares_and_amounts_always_sum_exactly_and_stay_within_one_fen()
    {
        var random = new Random(20261130);
        for (var run = 0; run < 2000; run++)
        {
            var count = random.Next(1, 9);
            var weights = Enumerable.Range(0, count).Select(_ => (decimal)random.Next(1, 1000)).ToList();
            var total = weights.Sum();
            var shares = weights.Select(w => Math.Round(w / total, 4)).ToList();
            shares[^1] = 1m - shares.Take(count - 1).Sum();
            if (shares.Any(s => s <= 0)) continue;
            var holders = shares.Select((s, i) => new ShareHolder($"p-{i:D3}", s)).ToList();
            var pool = Money.Cny(random.Next(0, 100_000_000) / 100m);

            var split = LargestRemainder.Split(pool, holders);

            Assert.Equal(pool.Amount, split.Sum(s => s.Amount.Amount));
            foreach (var (personId, amount) in split)
            {
                var exact = pool.Amount * holders.Single(h => h.PersonId == personId).Share;
                Assert.True(Math.Abs(amount.Amount - exact) < 0.01m, $"{personId}: {amount} vs exact {exact}");
            }
        }
    }

    [Fact]
    public void Shares_that_do_not_sum_to_one_are_refused() =>
        Assert.Throws<ArgumentException>(() => LargestRemainder.SplitUnits(10m, Holders(("a", 0.5m), ("b", 0.4m))));
}
