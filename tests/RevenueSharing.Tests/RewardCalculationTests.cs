using Listing.Contracts;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §3 and §4 as plain code.</summary>
public class RewardCalculationTests
{
    public static readonly IReadOnlyList<ContributorSnapshot> WorkedExampleContributors =
    [
        new() { PersonId = "A", Name = "A", Share = 0.40m, MainContributor = true, Role = "inventor" },
        new() { PersonId = "B", Name = "B", Share = 0.30m, MainContributor = true, Role = "inventor" },
        new() { PersonId = "C", Name = "C", Share = 0.20m, Role = "inventor" },
        new() { PersonId = "D", Name = "D", Share = 0.10m, Role = "transfer_staff" },
    ];

    [Fact]
    public void The_worked_example_of_domain_md()
    {
        var result = RewardCalculation.Distribute(1_000_000.00m, 30_000.00m + 20_000.00m + 10_000.00m, None, 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(940_000.00m, result.NetIncome);
        Assert.Equal(658_000.00m, result.Pool);
        Assert.Equal([263_200.00m, 197_400.00m, 131_600.00m, 65_800.00m], result.Split.Select(s => s.Amount.Amount));
    }

    [Fact]
    public void The_pool_rounds_up_to_the_fen_so_the_reward_never_falls_below_the_floor()
    {
        var result = RewardCalculation.Distribute(100.01m, 0m, None, 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(70.01m, result.Pool); // 0.70 × 100.01 = 70.007
        Assert.True(result.Pool >= 0.70m * 100.01m);
    }

    [Fact]
    public void Costs_above_income_give_no_reward_and_the_deficit_carries_forward()
    {
        var first = RewardCalculation.Distribute(50.00m, 100.00m, None, 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(0m, first.Pool);
        Assert.Empty(first.Split);
        // More income later: only the net above the deficit is rewarded.
        var second = RewardCalculation.Distribute(250.00m, 100.00m, ByPerson(first), 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(105.00m, second.Pool);
    }

    [Fact]
    public void Cumulative_distributions_never_pay_twice_and_never_go_negative()
    {
        var first = RewardCalculation.Distribute(1000.00m, 0m, None, 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(700.00m, first.Pool);
        // A cost arrives after the distribution: the next receipt pays only what the new cumulative net allows.
        var second = RewardCalculation.Distribute(1100.00m, 300.00m, ByPerson(first), 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(0m, second.Pool); // 0.70 × 800 = 560 < 700 already distributed
        var third = RewardCalculation.Distribute(2100.00m, 300.00m, ByPerson(first), 0.70m, WorkedExampleContributors.ToOwn());
        Assert.Equal(560.00m, third.Pool); // 0.70 × 1800 = 1260 − 700
    }

    [Fact]
    public void Random_sequences_keep_the_cumulative_reward_at_the_ceiling_of_the_share_of_net()
    {
        var random = new Random(70);
        for (var run = 0; run < 300; run++)
        {
            decimal income = 0, costs = 0, distributed = 0;
            var byPerson = new Dictionary<string, decimal>();
            for (var step = 0; step < 10; step++)
            {
                if (random.Next(3) == 0) costs += random.Next(0, 1_000_000) / 100m;
                income += random.Next(0, 5_000_000) / 100m;
                var result = RewardCalculation.Distribute(income, costs, byPerson, 0.70m, WorkedExampleContributors.ToOwn());
                Assert.True(result.Pool >= 0);
                Assert.All(result.Split, s => Assert.True(s.Amount.Amount >= 0));
                Assert.Equal(result.Pool, result.Split.Sum(s => s.Amount.Amount));
                foreach (var (person, amount) in result.Split) byPerson[person] = byPerson.GetValueOrDefault(person) + amount.Amount;
                distributed += result.Pool;
                var net = Math.Max(income - costs, 0m);
                Assert.True(distributed >= 0.70m * net, $"distributed {distributed} below 0.70 × {net}");
            }
        }
    }

    private static readonly IReadOnlyDictionary<string, decimal> None = new Dictionary<string, decimal>();

    private static Dictionary<string, decimal> ByPerson(params RewardCalculation.Result[] results) =>
        results.SelectMany(r => r.Split).GroupBy(s => s.PersonId).ToDictionary(g => g.Key, g => g.Sum(s => s.Amount.Amount));

    private static readonly IReadOnlyList<ContributorSnapshot> EqualPair =
    [
        new() { PersonId = "P", Name = "P", Share = 0.5m, MainContributor = true, Role = "inventor" },
        new() { PersonId = "Q", Name = "Q", Share = 0.5m, MainContributor = true, Role = "inventor" },
    ];

    [Fact]
    public void Many_pools_with_an_odd_fen_do_not_give_every_odd_fen_to_one_person()
    {
        // 100 pools of 100.01 split on their own gave P 5,001.00 and Q 5,000.00; the cumulative split keeps them a fen apart.
        var byPerson = new Dictionary<string, decimal>();
        for (var k = 1; k <= 100; k++)
        {
            var result = RewardCalculation.Distribute(100.01m * k, 0m, byPerson, 1m, EqualPair.ToOwn());
            Assert.Equal(100.01m, result.Pool);
            foreach (var (person, amount) in result.Split) byPerson[person] = byPerson.GetValueOrDefault(person) + amount.Amount;
        }
        Assert.Equal(10_001.00m, byPerson.Values.Sum());
        Assert.Equal(5_000.50m, byPerson["P"]);
        Assert.Equal(5_000.50m, byPerson["Q"]);
    }

    [Fact]
    public void The_parts_of_a_deal_stay_the_largest_remainder_split_of_its_total_and_no_change_is_negative()
    {
        var random = new Random(8);
        for (var run = 0; run < 300; run++)
        {
            var byPerson = new Dictionary<string, decimal>();
            decimal income = 0;
            for (var step = 0; step < 12; step++)
            {
                income += random.Next(1, 1_000) / 100m; // small receipts: where the leftover fen moves between persons
                var result = RewardCalculation.Distribute(income, 0m, byPerson, 0.70m, WorkedExampleContributors.ToOwn());
                Assert.All(result.Split, s => Assert.True(s.Amount.Amount >= 0, $"{s.PersonId} would get {s.Amount.Amount}"));
                Assert.Equal(result.Pool, result.Split.Sum(s => s.Amount.Amount));
                foreach (var (person, amount) in result.Split) byPerson[person] = byPerson.GetValueOrDefault(person) + amount.Amount;
                var ideal = Platform.BuildingBlocks.Monetary.LargestRemainder.Split(Platform.BuildingBlocks.Monetary.Money.Cny(byPerson.Values.Sum()),
                    WorkedExampleContributors.Select(c => new Platform.BuildingBlocks.Monetary.ShareHolder(c.PersonId, c.Share)).ToList());
                // Exactly the split of the total, or a fen from it while a moved leftover fen is evened out.
                Assert.All(ideal, p => Assert.True(Math.Abs(byPerson.GetValueOrDefault(p.PersonId) - p.Amount.Amount) <= 0.01m));
            }
        }
    }

    [Fact]
    public void A_researcher_co_owner_keeps_their_share_of_gross_income()
    {
        var rights = new Rights { Model = "researcher_co_owned", ResearcherShare = 0.30m };
        Assert.Equal(300_000.00m, RewardCalculation.CoOwnerPart(1_000_000.00m, rights));
        Assert.Equal(0m, RewardCalculation.CoOwnerPart(1_000_000.00m, new Rights { Model = "unit_owned" }));
    }

    [Theory]
    [InlineData(CostCategory.RdSalary)]
    [InlineData(CostCategory.FiscalRdFunds)]
    [InlineData(CostCategory.Overhead)]
    public void Disallowed_costs_are_refused(CostCategory category)
    {
        var problem = Assert.Throws<Platform.BuildingBlocks.Errors.ProblemException>(() => CostRules.RequireAllowable(category));
        Assert.Equal("cost-not-allowed", problem.Code);
        Assert.Equal(422, problem.Status);
    }
}
