using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Time;

namespace RevenueSharing.Api.Domain;

/// <summary>A payout is due until paid with a bank reference; overdue is a flag on a due one past its date, not a status.</summary>
public enum PayoutStatus
{
    Due,
    Paid,
}

/// <summary>What one contributor is owed from one distribution, due within the policy's deadline (§5).</summary>
public sealed class Payout
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public Guid DistributionId { get; init; }
    public required string PersonId { get; init; }
    public decimal Share { get; init; }
    public decimal Amount { get; init; }
    public DateOnly DueOn { get; init; }
    public required PayoutStatus Status { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? BankReference { get; set; }
    /// <summary>When the receipt arrived: the 36-month window of 财税〔2018〕58号 runs from it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
    /// <summary>Fixed when paid (provisional on the account until then).</summary>
    public decimal? TaxableBase { get; set; }
}

/// <summary>A person named on a publicity record, with the reward amount published for them (CNY).</summary>
public sealed record PublicityPerson(string PersonId, decimal Amount);

/// <summary>A publicity record (公示) of a deal's rewards: the persons with their amounts, and the period (services/RevenueSharing/README.md §5).</summary>
public sealed class PublicityRecord
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public required IReadOnlyList<PublicityPerson> Persons { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public required string Reference { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class PublicityRules
{
    /// <summary>
    /// A payment to a person is publicised when a record names them with at least the amount (all they are paid on the
    /// deal, this payment included, so three payouts of 900 need a record of 2,700), and its period ended before the payment (上海市促进科技成果转化条例 Art. 39; the 58号 condition uses the same test).
    /// </summary>
    public static bool Covers(IEnumerable<PublicityRecord> records, string personId, decimal amount, DateTimeOffset paidAt) =>
        records.Any(r => r.EndsAt < paidAt && r.Persons.Any(p => p.PersonId == personId && p.Amount >= amount));

    /// <summary>Equity granted to a leader needs a record naming them, its period over (README §5).</summary>
    public static bool Names(IEnumerable<PublicityRecord> records, string personId, DateTimeOffset now) =>
        records.Any(r => r.EndsAt < now && r.Persons.Any(p => p.PersonId == personId));
}

public static class PayoutRules
{
    /// <summary>How far a client's clock may run ahead of ours for an instant that may not be in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The 36 months of README §5 count calendar months in Shanghai dates: the last day a payment keeps the 58号
    /// half base, and the latest due date a policy's deadline can give.
    /// </summary>
    public static DateOnly WindowEnd(DateTimeOffset receivedAt) => ShanghaiDate.Of(receivedAt).AddMonths(TaxableBase.PaymentWindowMonths);

    /// <summary>Due the policy's deadline after the money arrived, never later than 36 calendar months.</summary>
    public static DateOnly DueOn(DateTimeOffset receivedAt, int deadlineDays)
    {
        var due = ShanghaiDate.Of(receivedAt).AddDays(deadlineDays);
        var limit = WindowEnd(receivedAt);
        return due > limit ? limit : due;
    }
}

public static class PayoutFlags
{
    public const string Overdue = "payout_overdue";
    public const string PublicityMissing = "publicity_missing";

    /// <summary>Unpaid after its due date (Asia/Shanghai).</summary>
    public static bool IsOverdue(Payout payout, DateOnly today) => payout.Status == PayoutStatus.Due && today > payout.DueOn;
}

/// <summary>
/// The taxable base of a cash reward (财税〔2018〕58号, services/RevenueSharing/README.md §5): 50% when every condition holds, else 100%.
/// The unit is a university (every unit of this platform is), so that condition always holds here.
/// </summary>
public static class TaxableBase
{
    /// <summary>Patents, software copyright, IC layouts, plant and biomedical varieties; not trade secrets nor applications.</summary>
    private static readonly HashSet<string> EligibleAssets = ["patent", "software_copyright", "ic_layout", "plant_variety", "biomedical_variety"];
    private static readonly HashSet<string> EligibleModes = ["transfer", "exclusive_licence", "non_exclusive_licence"];
    public const int PaymentWindowMonths = 36;

    public static bool HalfApplies(string dealMode, IReadOnlyList<IpAsset> assets, bool techContractRegistered,
        bool recipientOnPublicity, DateTimeOffset receivedAt, DateTimeOffset paidAt) =>
        EligibleModes.Contains(dealMode)
        && assets.Count > 0 && assets.All(a => EligibleAssets.Contains(a.Kind))
        && techContractRegistered
        && recipientOnPublicity
        && ShanghaiDate.Of(paidAt) <= PayoutRules.WindowEnd(receivedAt);

    public static decimal Of(decimal amount, bool halfApplies) =>
        halfApplies ? Rounding.ToMinorUnit(amount * 0.5m, Currency.Cny) : amount;
}
