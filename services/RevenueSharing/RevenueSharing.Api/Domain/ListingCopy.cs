using Listing.Contracts;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// This service's copy of a listing, from listing events: a self-implementation needs its university, rights,
/// IP assets and contributors (never read from the listing service).
/// </summary>
public sealed class ListingCopy
{
    public Guid ListingId { get; init; }
    public required ListingSnapshot Snapshot { get; set; }
    public long Version { get; set; }
}
