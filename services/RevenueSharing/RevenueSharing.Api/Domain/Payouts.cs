using Listing.Contracts;
using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Api.Domain;

/// <summary>A publicity record (公示) of a deal's rewards: the persons and the period (domain.md §5).</summary>
public sealed class PublicityRecord
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public required IReadOnlyList<string> PersonIds { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public required string Reference { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class PayoutFlags
{
    public const string Overdue = "payout_overdue";
    public const string PublicityMissing = "publicity_missing";

    /// <summary>Unpaid after its due date (Asia/Shanghai).</summary>
    public static bool IsOverdue(Payout payout, DateOnly today) => payout.Status == "due" && today > payout.DueOn;
}

/// <summary>
/// The taxable base of a cash reward (财税〔2018〕58号, domain.md §5): 50% when every condition holds, else 100%.
/// The unit is a university (every unit of this platform is), so that condition always holds here.
/// </summary>
public static class TaxableBase
{
    /// <summary>Patents, software copyright, IC layouts, plant and biomedical varieties; not trade secrets nor applications.</summary>
    private static readonly HashSet<string> EligibleAssets = ["patent", "software_copyright", "ic_layout", "plant_variety", "biomedical_variety"];
    private static readonly HashSet<string> EligibleModes = ["transfer", "exclusive_licence", "non_exclusive_licence"];
    public const int PaymentWindowMonths = 36;

    public static bool HalfApplies(string dealMode, IReadOnlyList<IpAssetSnapshot> assets, bool techContractRegistered,
        bool recipientOnPublicity, DateTimeOffset receivedAt, DateTimeOffset paidAt) =>
        EligibleModes.Contains(dealMode)
        && assets.Count > 0 && assets.All(a => EligibleAssets.Contains(a.Kind))
        && techContractRegistered
        && recipientOnPublicity
        && paidAt <= receivedAt.AddMonths(PaymentWindowMonths);

    public static decimal Of(decimal amount, bool halfApplies) =>
        halfApplies ? Rounding.ToMinorUnit(amount * 0.5m, Currency.Cny) : amount;
}
