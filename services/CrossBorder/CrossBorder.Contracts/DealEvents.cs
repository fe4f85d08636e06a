using Listing.Contracts;
using Platform.BuildingBlocks.Monetary;

namespace CrossBorder.Contracts;

// Events of the cross-border exchange service. Deal events carry the deal snapshot with a
// DealVersion that grows with every change.

/// <summary>deal.concluded: also freezes the contributors of the listing snapshot.</summary>
public sealed record DealConcluded
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>deal.in_publicity: an agreement-priced deal entered its public notice (公示).</summary>
public sealed record DealInPublicity
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>deal.cancelled</summary>
public sealed record DealCancelled
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>deal.lapsed: at the end of its notice the deal's conditions no longer held (its flags say why); it never concluded.</summary>
public sealed record DealLapsed
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>deal.flagged: a check raised a flag on a concluded deal (e.g. registration_late on a deal still unregistered after day 60).</summary>
public sealed record DealFlagged
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>deal.registered: a contract registration (tech_contract or export_contract) was recorded.</summary>
public sealed record DealRegistered
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required DealSnapshot Deal { get; init; }
}

/// <summary>Where a listing is (and is not) listed, after co-listing ran or the listing was withdrawn.</summary>
public sealed record ExchangeListingsUpdated
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid ListingId { get; init; }
    public required IReadOnlyList<ExchangeListingSnapshot> Items { get; init; }
    /// <summary>The listing version the placement was computed from.</summary>
    public required long ListingVersion { get; init; }
}

public sealed record ExchangeListingSnapshot
{
    public required string Exchange { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
}

public sealed record DealSnapshot
{
    public required Guid Id { get; init; }
    public required Guid ListingId { get; init; }
    public required string UniversityId { get; init; }
    public string? Exchange { get; init; }
    public required string Mode { get; init; }
    public required string PricingMethod { get; init; }
    public required Money Price { get; init; }
    public required BuyerSnapshot Buyer { get; init; }
    public required bool CrossBorder { get; init; }
    public required string Status { get; init; }
    public string? ExportLicenceNo { get; init; }
    public DateTimeOffset? ContractEffectiveAt { get; init; }
    public DateTimeOffset? ConcludedAt { get; init; }
    /// <summary>When the public notice of an agreement-priced deal ends (24:00 Asia/Shanghai of its last working day).</summary>
    public DateTimeOffset? PublicityEndsAt { get; init; }
    public EquitySnapshot? Equity { get; init; }
    public required IReadOnlyList<RegistrationSnapshot> Registrations { get; init; }
    public required IReadOnlyList<FlagSnapshot> Flags { get; init; }
    /// <summary>Export-control class, rights and IP assets of the listing when the deal was made.</summary>
    public required string ExportControlClass { get; init; }
    public required RightsSnapshot Rights { get; init; }
    public required IReadOnlyList<IpAssetSnapshot> IpAssets { get; init; }
    /// <summary>Frozen at conclusion; exchanges never receive them (services/CrossBorder/README.md §8).</summary>
    public IReadOnlyList<ContributorSnapshot>? Contributors { get; init; }
    public required long DealVersion { get; init; }
}

public sealed record BuyerSnapshot
{
    public required string Name { get; init; }
    public required string Country { get; init; }
}

public sealed record EquitySnapshot
{
    public required long TotalShares { get; init; }
}

/// <summary>A contract registration; a correction is a new version of its kind (the earlier ones stay on record).</summary>
public sealed record RegistrationSnapshot
{
    public required string Kind { get; init; }
    public required string Number { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public int Version { get; init; } = 1;
}

public sealed record FlagSnapshot
{
    public required string Code { get; init; }
    public required string Detail { get; init; }
}
