using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// One year's operating profit of a self-implemented invention (services/RevenueSharing/README.md §4), and the reward it gave.
/// The self-implementation itself is a deal account of mode self_implementation (its id is the account's dealId),
/// so payouts, publicity, trace and compliance work for it as for a deal.
/// </summary>
public sealed class ProfitReport
{
    public Guid Id { get; init; }
    public Guid SelfImplementationId { get; init; }
    public int Year { get; init; }
    public decimal OperatingProfit { get; init; }
    public decimal Reward { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record SelfImplementationRequest([property: Required] Guid? ListingId);

public sealed record ProfitReportRequest([property: Required] int? Year, [property: Required] Platform.BuildingBlocks.Monetary.Money? OperatingProfit);

public static class SelfImplementationRules
{
    public const int FirstYear = 1990;

    /// <summary>A year that has ended (Asia/Shanghai): reports are final and never changed, so a year still running cannot be reported.</summary>
    public static void Validate(ProfitReportRequest? r, int currentYear)
    {
        new ValidationErrors()
            .Check(r?.Year is { } year && year >= FirstYear && year < currentYear, "year",
                $"Required: a financial year that has ended, {FirstYear} to {currentYear - 1} (a year's profit is final only once it is over).")
            .Check(r?.OperatingProfit is not null, "operatingProfit", "Required: money; a loss is negative.")
            .Check(r?.OperatingProfit is null || r.OperatingProfit.Value.Currency == Platform.BuildingBlocks.Monetary.Currency.Cny,
                "operatingProfit", "Operating profit is reported in CNY, as in the unit's accounts.")
            .ThrowIfAny();
    }

    /// <summary>Years are reported once each, in order: a reward window that depends on later corrections would not be auditable.</summary>
    public static void CheckOrder(int year, int? lastReportedYear)
    {
        if (lastReportedYear is null) return;
        if (year == lastReportedYear)
            throw ProblemException.Conflict("profit-report-recorded", "This year's operating profit is already reported.",
                $"{year} is reported; reports are never changed.");
        if (year < lastReportedYear)
            throw ProblemException.Rule("profit-report-out-of-order", "Years are reported in order.",
                $"{lastReportedYear} is already reported; {year} comes before it.");
    }
}
