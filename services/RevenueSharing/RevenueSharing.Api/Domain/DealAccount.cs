namespace RevenueSharing.Api.Domain;

/// <summary>
/// A concluded deal as revenue-sharing knows it, opened by deal.concluded: its contributors (frozen at
/// conclusion) and the policy in force then, which governs all its distributions (services/RevenueSharing/README.md §4).
/// </summary>
public sealed class DealAccount
{
    public Guid DealId { get; init; }
    public required string UniversityId { get; init; }
    public Guid ListingId { get; set; }
    public string? Exchange { get; set; }
    public required string Mode { get; set; }
    public bool CrossBorder { get; set; }
    public required string ExportControlClass { get; set; }
    public required Rights Rights { get; set; }
    public required IReadOnlyList<IpAsset> IpAssets { get; set; }
    public required IReadOnlyList<Contributor> Contributors { get; set; }
    public IReadOnlyList<DealRegistration> Registrations { get; set; } = [];
    /// <summary>The deal's own flags (e.g. below_p10), as the cross-border service raised them.</summary>
    public IReadOnlyList<DealFlag> Flags { get; set; } = [];
    public int PolicyVersion { get; init; }
    public decimal RewardShare { get; init; }
    public decimal Floor { get; init; }
    public int PayoutDeadlineDays { get; init; }
    /// <summary>How the unit divides what it keeps, from the same policy version.</summary>
    public required RemainderSplit Remainder { get; init; }
    /// <summary>Shares received, for an equity deal (作价投资); null otherwise.</summary>
    public long? EquityTotalShares { get; init; }
    public DateTimeOffset ConcludedAt { get; set; }
    public long DealVersion { get; set; }
    public required string Status { get; set; }

    /// <summary>Income and costs are recorded only for deals paid in cash; equity and self-implementation reward otherwise.</summary>
    public bool IsCashDeal => Mode is not (DealModes.Equity or DealModes.SelfImplementation);

    /// <summary>A cross-border deal of free technology needs its export-contract registration before income.</summary>
    public bool NeedsExportRegistration => CrossBorder && ExportControlClass == "free";
    public bool HasRegistration(string kind) => Registrations.Any(r => r.Kind == kind);
}

public static class DealModes
{
    public const string Equity = "equity";
    /// <summary>The mode of the account a self-implementation opens (it is not a deal between parties).</summary>
    public const string SelfImplementation = "self_implementation";
}

/// <summary>A registration of the deal's contract (export contract, technology contract), as cross-border reported it.</summary>
public sealed record DealRegistration
{
    public required string Kind { get; init; }
    public required string Number { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public int Version { get; init; } = 1;
}

/// <summary>A flag cross-border raised on the deal (e.g. below_p10), with what it found.</summary>
public sealed record DealFlag
{
    public required string Code { get; init; }
    public required string Detail { get; init; }
}
