using Listing.Contracts;

namespace Valuation.Api.Domain;

/// <summary>
/// This service's copy of a listing (from listing events): its TRL sets the default probability of
/// technical success, and its asking-price currency the valuation's currency.
/// </summary>
public sealed class ValuedListing
{
    public Guid ListingId { get; init; }
    public required ListingSnapshot Snapshot { get; set; }
    public long Version { get; set; }
}

/// <summary>A stored valuation with its inputs and assumptions.</summary>
public sealed class ValuationRecord
{
    public Guid Id { get; init; }
    public Guid ListingId { get; init; }
    public required string Method { get; init; }
    public required string Currency { get; init; }
    public decimal Value { get; init; }
    public decimal P10 { get; init; }
    public decimal P50 { get; init; }
    public decimal P90 { get; init; }
    public required string Inputs { get; init; }
    public required string Assumptions { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
