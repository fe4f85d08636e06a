using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Domain;

/// <summary>
/// This service's copy of a listing, upserted from listing events (never read from the listing service).
/// </summary>
public sealed class ListingCopy : IVersionedCopy
{
    public Guid ListingId { get; init; }
    public required ListingFacts Snapshot { get; set; }
    public long Version { get; set; }

    public string UniversityId => Snapshot.UniversityId;
    public bool IsPublished => Snapshot.Status == "published";
    public bool HasPatentAssets => Snapshot.IpAssets.Any(a => a.Kind is "patent" or "patent_application");
}

/// <summary>
/// What cross-border keeps of a listing, as its own record (jsonb, in the listing copy and frozen in each deal): where
/// it may be listed and traded, and what a concluded deal hands to revenue-sharing. Filled and read back by
/// Domain/ContractMapping.cs only, so a change to the listing service's contract never changes this schema.
/// </summary>
public sealed record ListingFacts
{
    public required string UniversityId { get; init; }
    public required string Status { get; init; }
    public required IReadOnlyList<string> Modes { get; init; }
    public required IReadOnlyList<string> Exchanges { get; init; }
    public required ExportControlFacts ExportControl { get; init; }
    public required RightsFacts Rights { get; init; }
    public required IReadOnlyList<IpAssetFacts> IpAssets { get; init; }
    public required IReadOnlyList<ContributorFacts> Contributors { get; init; }
}

public sealed record ExportControlFacts
{
    public required string Class { get; init; }
    public string? CatalogueItem { get; init; }
    public bool DualUse { get; init; }
}

public sealed record RightsFacts
{
    public required string Model { get; init; }
    public decimal? ResearcherShare { get; init; }
    public int? Years { get; init; }
}

public sealed record IpAssetFacts
{
    public required string Kind { get; init; }
    public string? Number { get; init; }
    public string? Jurisdiction { get; init; }
    public string? Status { get; init; }
}

public sealed record ContributorFacts
{
    public required string PersonId { get; init; }
    public required string Name { get; init; }
    public required decimal Share { get; init; }
    public bool MainContributor { get; init; }
    public required string Role { get; init; }
    public bool UnitHead { get; init; }
    public bool LeadershipPost { get; init; }
}
