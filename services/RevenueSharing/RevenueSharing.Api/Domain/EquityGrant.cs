using System.ComponentModel.DataAnnotations;
namespace RevenueSharing.Api.Domain;

/// <summary>
/// A contributor's part of an equity deal's reward shares (services/RevenueSharing/README.md §4, §5). A unit head's part is withheld, not
/// granted (flag unit_head_equity). A grant is not taxed when made: the deferral filing (递延纳税备案) is recorded
/// with it, and tax falls due only when the shares are sold (20% of proceeds, original value 0; 财税〔2016〕101号).
/// </summary>
public sealed class EquityGrant
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public required string PersonId { get; init; }
    public decimal Share { get; init; }
    public long Shares { get; init; }
    public bool Withheld { get; init; }
    public DateTimeOffset GrantedAt { get; init; }
    /// <summary>When the tax deferral filing was recorded; null for a withheld part (nothing was granted).</summary>
    public DateTimeOffset? TaxDeferralRecordedAt { get; init; }

    public const string UnitHeadFlag = "unit_head_equity";
    public const string TaxDeferralBasis = "财税〔2016〕101号: no tax at grant; 20% of proceeds when the shares are sold";
}

/// <summary>
/// A contributor's sale of reward shares (README §5): the deferred tax falls due now, 20% of the proceeds with an
/// original value of 0 (财税字〔1999〕45号, 财税〔2016〕101号, 个人所得税法 Art. 3). Recorded by the university for the
/// auditor; the withholding itself is payroll's.
/// </summary>
public sealed class EquitySale
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public Guid GrantId { get; init; }
    public required string PersonId { get; init; }
    public long Shares { get; init; }
    /// <summary>CNY received for the shares.</summary>
    public decimal Proceeds { get; init; }
    public decimal TaxDue { get; init; }
    public DateTimeOffset SoldAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    public const decimal TaxRate = 0.20m;

    /// <summary>20% of proceeds, the original value being 0, to the fen (half away from zero).</summary>
    public static decimal TaxOn(decimal proceeds) =>
        Platform.BuildingBlocks.Monetary.Rounding.ToMinorUnit(proceeds * TaxRate, Platform.BuildingBlocks.Monetary.Currency.Cny);
}

/// <summary>The sale body: who sold how many reward shares, for how much (CNY), when.</summary>
public sealed record EquitySaleRequest([property: Required] string? PersonId, [property: Required] long? Shares, [property: Required] Platform.BuildingBlocks.Monetary.Money? Proceeds, [property: Required] DateTimeOffset? SoldAt);
