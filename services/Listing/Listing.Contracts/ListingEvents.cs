using Platform.BuildingBlocks.Monetary;

namespace Listing.Contracts;

// Events of the listing service. Each carries a snapshot of the listing with a growing Version:
// consumers upsert from it and ignore anything older than what they hold.

/// <summary>listing.drafted: a listing was created (status draft).</summary>
public sealed record ListingDrafted
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required ListingSnapshot Listing { get; init; }
}

/// <summary>listing.published</summary>
public sealed record ListingPublished
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required ListingSnapshot Listing { get; init; }
}

/// <summary>listing.updated: the listing or its invention changed (contributors, rights, export control, status after a deal).</summary>
public sealed record ListingUpdated
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required ListingSnapshot Listing { get; init; }
}

/// <summary>listing.withdrawn</summary>
public sealed record ListingWithdrawn
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required ListingSnapshot Listing { get; init; }
}

public sealed record ListingSnapshot
{
    public required Guid ListingId { get; init; }
    public required Guid InventionId { get; init; }
    public required string UniversityId { get; init; }
    public required string Status { get; init; }
    public required string Title { get; init; }
    public required string Field { get; init; }
    public required int Trl { get; init; }
    public required IReadOnlyList<string> Modes { get; init; }
    public required PricingSnapshot Pricing { get; init; }
    public required IReadOnlyList<string> Exchanges { get; init; }
    public required ExportControlSnapshot ExportControl { get; init; }
    public required RightsSnapshot Rights { get; init; }
    public required IReadOnlyList<IpAssetSnapshot> IpAssets { get; init; }
    public required IReadOnlyList<ContributorSnapshot> Contributors { get; init; }
    public required long Version { get; init; }
}

public sealed record PricingSnapshot
{
    public required string Method { get; init; }
    public Money? AskingPrice { get; init; }
}

public sealed record ExportControlSnapshot
{
    public required string Class { get; init; }
    public string? CatalogueItem { get; init; }
    public bool DualUse { get; init; }
}

public sealed record RightsSnapshot
{
    public required string Model { get; init; }
    public decimal? ResearcherShare { get; init; }
    public int? Years { get; init; }
}

public sealed record IpAssetSnapshot
{
    public required string Kind { get; init; }
    public string? Number { get; init; }
    public string? Jurisdiction { get; init; }
    public string? Status { get; init; }
}

public sealed record ContributorSnapshot
{
    public required string PersonId { get; init; }
    public required string Name { get; init; }
    public required decimal Share { get; init; }
    public bool MainContributor { get; init; }
    public required string Role { get; init; }
    public bool UnitHead { get; init; }
    public bool LeadershipPost { get; init; }
}
