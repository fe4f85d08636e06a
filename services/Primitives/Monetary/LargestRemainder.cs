namespace Platform.BuildingBlocks.Monetary;

/// <summary>One claimant of a split: an id and its share (shares sum to 1).</summary>
public sealed record ShareHolder(string PersonId, decimal Share);

/// <summary>
/// The largest-remainder split of services/RevenueSharing/README.md §4: each part is the floor of share × total in whole
/// units, and the units left over go one each to the largest remainders; ties go to the larger
/// share, then to the smaller person id (ordinal). The parts always sum exactly to the total.
/// </summary>
public static class LargestRemainder
{
    /// <summary>Splits an amount of money to its minor unit (the fen for CNY).</summary>
    public static IReadOnlyList<(string PersonId, Money Amount)> Split(Money total, IReadOnlyList<ShareHolder> holders)
    {
        var scale = Rounding.Pow10(Currency.DigitsOf(total.Currency));
        var units = total.Amount * scale;
        if (units != decimal.Truncate(units))
            throw new ArgumentException("The total has more digits than its currency allows.", nameof(total));
        var parts = SplitUnits(units, holders);
        return parts.Select(p => (p.PersonId, new Money(p.Units / scale, total.Currency))).ToList();
    }

    /// <summary>Splits a whole number of indivisible units (fen, or shares of equity).</summary>
    public static IReadOnlyList<(string PersonId, decimal Units)> SplitUnits(decimal totalUnits, IReadOnlyList<ShareHolder> holders)
    {
        if (totalUnits < 0 || totalUnits != decimal.Truncate(totalUnits))
            throw new ArgumentException("The total must be a non-negative whole number of units.", nameof(totalUnits));
        if (holders.Count == 0)
            throw new ArgumentException("At least one holder is needed.", nameof(holders));
        if (holders.Any(h => h.Share <= 0 || h.Share > 1))
            throw new ArgumentException("Each share must be in (0, 1].", nameof(holders));
        if (holders.Sum(h => h.Share) != 1m)
            throw new ArgumentException("Shares must sum to exactly 1.", nameof(holders));

        var exact = holders.Select(h => new
        {
            Holder = h,
            Floor = decimal.Floor(totalUnits * h.Share),
            Remainder = totalUnits * h.Share - decimal.Floor(totalUnits * h.Share),
        }).ToList();
        var leftover = totalUnits - exact.Sum(e => e.Floor);
        var bonus = exact
            .OrderByDescending(e => e.Remainder)
            .ThenByDescending(e => e.Holder.Share)
            .ThenBy(e => e.Holder.PersonId, StringComparer.Ordinal)
            .Take((int)leftover)
            .Select(e => e.Holder.PersonId)
            .ToHashSet(StringComparer.Ordinal);
        return exact.Select(e => (e.Holder.PersonId, e.Floor + (bonus.Contains(e.Holder.PersonId) ? 1m : 0m))).ToList();
    }
}
