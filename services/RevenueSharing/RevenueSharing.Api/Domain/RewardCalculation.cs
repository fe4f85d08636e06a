using Listing.Contracts;
using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// The core rule (domain.md §3, §4), computed cumulatively per deal in CNY:
/// net = income (the unit's part) − allowable direct costs; target = ceil_to_fen(rewardShare × max(net, 0));
/// pool = max(0, target − already distributed); the pool is split by contributor share with the
/// largest-remainder rule. A deficit (costs above income) carries forward to later income.
/// </summary>
public static class RewardCalculation
{
    public sealed record Result(decimal NetIncome, decimal Target, decimal Pool, IReadOnlyList<(string PersonId, Money Amount)> Split);

    public static Result Distribute(decimal unitIncome, decimal directCosts, decimal alreadyDistributed, decimal rewardShare,
        IReadOnlyList<ContributorSnapshot> contributors)
    {
        var net = unitIncome - directCosts;
        var target = Rounding.UpToMinorUnit(rewardShare * Math.Max(net, 0m), Currency.Cny);
        var pool = Math.Max(0m, target - alreadyDistributed);
        var split = pool > 0
            ? LargestRemainder.Split(Money.Cny(pool), contributors.Select(c => new ShareHolder(c.PersonId, c.Share)).ToList())
            : [];
        return new Result(net, target, pool, split);
    }

    /// <summary>
    /// researcher_co_owned: the researchers own that share of the gross income as co-owners (not a reward);
    /// the rules apply to the unit's part (domain.md §1).
    /// </summary>
    public static decimal CoOwnerPart(decimal grossCny, RightsSnapshot rights) => CoOwnerShareOf(grossCny, rights);

    /// <summary>
    /// The unit's part of a withholding tax: the co-owners bear their share of the tax kept back on the gross
    /// they own, so the unit deducts only the rest (its net is then its share of what actually arrived).
    /// </summary>
    public static decimal UnitWithholding(decimal withholdingCny, RightsSnapshot rights) =>
        withholdingCny - CoOwnerShareOf(withholdingCny, rights);

    private static decimal CoOwnerShareOf(decimal amountCny, RightsSnapshot rights) =>
        rights.Model == "researcher_co_owned" && rights.ResearcherShare is { } share
            ? Rounding.ToMinorUnit(amountCny * share, Currency.Cny)
            : 0m;
}
