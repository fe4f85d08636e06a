namespace RevenueSharing.Api.Domain;

/// <summary>
/// The reward policy that governs a deal (domain.md §4). Version 0 is the platform default: the floor of
/// the university's jurisdiction, applied when a university has no policy of its own.
/// </summary>
public sealed record Policy(int Version, decimal RewardShare, int PayoutDeadlineDays)
{
    public const int DefaultPayoutDeadlineDays = 180;

    public static Policy PlatformDefault(decimal floor) => new(0, floor, DefaultPayoutDeadlineDays);
}

/// <summary>A jurisdiction and its floor on the reward share: reference data, never a literal in code.</summary>
public sealed class Jurisdiction
{
    public required string Code { get; init; }
    public decimal Floor { get; set; }

    /// <summary>Every university is in this jurisdiction unless reference data places it elsewhere.</summary>
    public const string DefaultCode = "CN-SH";
}
