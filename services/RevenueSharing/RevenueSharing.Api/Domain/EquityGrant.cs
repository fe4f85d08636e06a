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
