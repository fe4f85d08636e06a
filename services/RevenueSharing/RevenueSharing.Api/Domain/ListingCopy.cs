using Platform.BuildingBlocks.Persistence;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// This service's copy of a listing, from listing events: a self-implementation needs its university, rights,
/// IP assets and contributors (never read from the listing service).
/// </summary>
public sealed class ListingCopy : IVersionedCopy
{
    public Guid ListingId { get; init; }
    public required ListingFacts Snapshot { get; set; }
    public long Version { get; set; }
}

/// <summary>What revenue-sharing keeps of a listing, as its own record (jsonb); filled by Domain/ContractMapping.cs.</summary>
public sealed record ListingFacts
{
    public required string UniversityId { get; init; }
    public required string Status { get; init; }
    public required ExportControlFacts ExportControl { get; init; }
    public required Rights Rights { get; init; }
    public required IReadOnlyList<IpAsset> IpAssets { get; init; }
    public required IReadOnlyList<Contributor> Contributors { get; init; }
}

public sealed record ExportControlFacts
{
    public required string Class { get; init; }
}
