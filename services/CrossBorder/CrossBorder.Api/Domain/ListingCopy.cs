using Listing.Contracts;

namespace CrossBorder.Api.Domain;

/// <summary>
/// This service's copy of a listing, upserted from listing events (never read from the listing service).
/// </summary>
public sealed class ListingCopy
{
    public Guid ListingId { get; init; }
    public required ListingSnapshot Snapshot { get; set; }
    public long Version { get; set; }

    public string UniversityId => Snapshot.UniversityId;
    public bool IsPublished => Snapshot.Status == "published";
    public bool HasPatentAssets => Snapshot.IpAssets.Any(a => a.Kind is "patent" or "patent_application");
}
