using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Rules;

/// <summary>
/// The core rule (services/RevenueSharing/README.md §3, §4), computed cumulatively per deal in CNY:
/// net = income (the unit's part) − allowable direct costs; target = ceil_to_fen(rewardShare × max(net, 0));
/// pool = max(0, target − already distributed); the pool is split by contributor share with the
/// largest-remainder rule. A deficit (costs above income) carries forward to later income.
/// </summary>
public static class RewardCalculation
{
    public sealed record Result(decimal NetIncome, decimal Target, decimal Pool, IReadOnlyList<(string PersonId, Money Amount)> Split);

    /// <param name="alreadyByPerson">What each contributor has been distributed on this deal so far (CNY).</param>
    public static Result Distribute(decimal unitIncome, decimal directCosts, IReadOnlyDictionary<string, decimal> alreadyByPerson, decimal rewardShare,
        IReadOnlyList<Contributor> contributors)
    {
        var net = unitIncome - directCosts;
        var target = Rounding.UpToMinorUnit(rewardShare * Math.Max(net, 0m), Currency.Cny);
        var pool = Math.Max(0m, target - alreadyByPerson.Values.Sum());
        var split = pool > 0 ? SplitCumulative(target, alreadyByPerson, contributors) : [];
        return new Result(net, target, pool, split);
    }

    /// <summary>
    /// The split of a deal's later distributions (README §4): the cumulative reward is split by the largest remainder
    /// and each person receives the change of their cumulative part, so the deal's parts are always the
    /// largest-remainder split of its total and no odd fen drifts to one person over many receipts. Where the
    /// leftover fen moves from one person to another between two totals, that person's change would be −0.01: a
    /// payout is never negative, so it stays at 0 and the fen comes off the largest other change (ties: the smaller
    /// share, then the larger person id, the reverse of the remainder order), and the next distribution evens it out.
    /// The parts sum exactly to cumulative − already distributed.
    /// </summary>
    public static IReadOnlyList<(string PersonId, Money Amount)> SplitCumulative(decimal cumulative, IReadOnlyDictionary<string, decimal> alreadyByPerson,
        IReadOnlyList<Contributor> contributors)
    {
        var holders = contributors.Select(c => new ShareHolder(c.PersonId, c.Share)).ToList();
        var ideal = LargestRemainder.Split(Money.Cny(cumulative), holders);
        var change = ideal.ToDictionary(p => p.PersonId, p => p.Amount.Amount - alreadyByPerson.GetValueOrDefault(p.PersonId), StringComparer.Ordinal);
        var deficit = -change.Values.Where(v => v < 0).Sum();
        foreach (var person in change.Where(c => c.Value < 0).Select(c => c.Key).ToList()) change[person] = 0m;
        while (deficit > 0)
        {
            var take = holders.Where(h => change[h.PersonId] > 0)
                .OrderByDescending(h => change[h.PersonId]).ThenBy(h => h.Share).ThenByDescending(h => h.PersonId, StringComparer.Ordinal).First();
            var fen = Math.Min(deficit, change[take.PersonId]);
            change[take.PersonId] -= fen;
            deficit -= fen;
        }
        return holders.Select(h => (h.PersonId, Money.Cny(change[h.PersonId]))).ToList();
    }

    /// <summary>
    /// The unit keeps the rest (services/RevenueSharing/README.md §4) and divides it as its policy's remainder says: a change of the unit's
    /// part (negative when a later cost lowers it) is split to the fen by the largest-remainder rule, so the parts
    /// sum exactly to it. Parts with share 0 get nothing.
    /// </summary>
    public static IReadOnlyList<(string Party, decimal Amount)> SplitUnitRemainder(decimal amount, RemainderSplit split)
    {
        if (amount == 0) return [];
        var holders = new[]
            {
                new ShareHolder(RemainderParties.Department, split.Department),
                new ShareHolder(RemainderParties.University, split.University),
                new ShareHolder(RemainderParties.TransferOffice, split.TransferOffice),
            }
            .Where(h => h.Share > 0).ToList();
        var fen = Math.Abs(amount) * 100m;
        return LargestRemainder.SplitUnits(fen, holders)
            .Select(p => (p.PersonId, Math.Sign(amount) * p.Units / 100m))
            .ToList();
    }

    /// <summary>Equity (services/RevenueSharing/README.md §4): reward shares = ceil(rewardShare × shares received), whole shares.</summary>
    public static long EquityRewardShares(decimal rewardShare, long unitShares) => (long)decimal.Ceiling(rewardShare * unitShares);

    /// <summary>
    /// The unit's part of the shares received: researcher_co_owned researchers own their share of them as co-owners
    /// (rounded down to whole shares, so the unit's part, and the reward on it, is never understated).
    /// </summary>
    public static long UnitShares(long totalShares, Rights rights) =>
        rights.Model == "researcher_co_owned" && rights.ResearcherShare is { } share
            ? totalShares - (long)decimal.Floor(totalShares * share)
            : totalShares;

    /// <summary>The reward shares split by contributor share in whole shares, by the same largest-remainder rule.</summary>
    public static IReadOnlyList<(string PersonId, long Shares)> SplitShares(long rewardShares, IReadOnlyList<Contributor> contributors) =>
        LargestRemainder.SplitUnits(rewardShares, contributors.Select(c => new ShareHolder(c.PersonId, c.Share)).ToList())
            .Select(p => (p.PersonId, (long)p.Units)).ToList();

    /// <summary>
    /// Self-implementation (services/RevenueSharing/README.md §4): each year's reward is ceil_to_fen(share × that year's operating profit)
    /// for the 5 years from the first profitable year; a loss year, or a year outside the window, rewards nothing.
    /// Each year stands alone: a loss is not carried against a later profit.
    /// </summary>
    public static decimal SelfImplementationReward(decimal share, decimal operatingProfit, int year, int? firstProfitableYear) =>
        operatingProfit > 0 && InRewardWindow(year, firstProfitableYear ?? year)
            ? Rounding.UpToMinorUnit(share * operatingProfit, Currency.Cny)
            : 0m;

    public const int SelfImplementationYears = 5;

    public static bool InRewardWindow(int year, int firstProfitableYear) =>
        year >= firstProfitableYear && year < firstProfitableYear + SelfImplementationYears;

    /// <summary>
    /// researcher_co_owned: the researchers own that share of the gross income as co-owners (not a reward);
    /// the rules apply to the unit's part (services/Listing/README.md §1).
    /// </summary>
    public static decimal CoOwnerPart(decimal grossCny, Rights rights) => CoOwnerShareOf(grossCny, rights);

    /// <summary>
    /// The unit's part of a withholding tax: the co-owners bear their share of the tax kept back on the gross
    /// they own, so the unit deducts only the rest (its net is then its share of what actually arrived).
    /// </summary>
    public static decimal UnitWithholding(decimal withholdingCny, Rights rights) =>
        withholdingCny - CoOwnerShareOf(withholdingCny, rights);

    /// <summary>
    /// A receipt's gross split four ways, to the fen, summing exactly to the gross: what arrived for the unit and for
    /// the co-owners, and each one's part of the withholding (the co-owners' parts rounded half away from zero).
    /// </summary>
    public sealed record ReceiptParts(decimal UnitArrived, decimal UnitWithholding, decimal CoOwnerArrived, decimal CoOwnerWithholding)
    {
        public decimal Gross => UnitArrived + UnitWithholding + CoOwnerArrived + CoOwnerWithholding;
    }

    public static ReceiptParts PartsOfReceipt(decimal arrivedCny, decimal withholdingCny, Rights rights)
    {
        var gross = arrivedCny + withholdingCny;
        var coOwnerGross = CoOwnerShareOf(gross, rights);
        var coOwnerWithholding = CoOwnerShareOf(withholdingCny, rights);
        var unitWithholding = withholdingCny - coOwnerWithholding;
        return new ReceiptParts(gross - coOwnerGross - unitWithholding, unitWithholding, coOwnerGross - coOwnerWithholding, coOwnerWithholding);
    }

    private static decimal CoOwnerShareOf(decimal amountCny, Rights rights) =>
        rights.Model == "researcher_co_owned" && rights.ResearcherShare is { } share
            ? Rounding.ToMinorUnit(amountCny * share, Currency.Cny)
            : 0m;
}

/// <summary>How the unit divides the rest it keeps (at most 30% in CN-SH); the parts sum to 1.</summary>
public sealed record RemainderSplit(decimal Department, decimal University, decimal TransferOffice);
