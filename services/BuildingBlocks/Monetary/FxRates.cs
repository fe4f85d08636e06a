using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Monetary;

/// <summary>A recorded rate: CNY per one unit of a currency, for a legal date.</summary>
public sealed class FxRate
{
    public Guid Id { get; init; }
    public required string Currency { get; init; }
    public DateOnly Date { get; init; }
    public decimal RateToCny { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>
/// Which rate applies (services/RevenueSharing/README.md §3; services/CrossBorder/README.md, GET /api/fx-rates): the latest rate on or before the date, at most 7 days back; for one
/// date, the latest recorded (a correction replaces a rate, the old one stays in history). None: null.
/// </summary>
public static class FxRateRule
{
    public const int MaxDaysBack = 7;

    public static IQueryable<FxRate> Applicable(IQueryable<FxRate> rates, string currency, DateOnly date)
    {
        var earliest = date.AddDays(-MaxDaysBack);
        return rates.Where(r => r.Currency == currency && r.Date <= date && r.Date >= earliest)
            .OrderByDescending(r => r.Date).ThenByDescending(r => r.RecordedAt);
    }
}

public static class FxRateModel
{
    /// <summary>The fx_rates table, in the service that records rates and in those that convert with them.</summary>
    public static ModelBuilder AddFxRates(this ModelBuilder model)
    {
        model.Entity<FxRate>(e =>
        {
            e.ToTable("fx_rates");
            e.HasKey(r => r.Id);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.RateToCny).HasColumnType("numeric"); // keeps the scale it was given: "7.1234" stays "7.1234"
            e.HasIndex(r => new { r.Currency, r.Date, r.RecordedAt });
        });
        return model;
    }
}
