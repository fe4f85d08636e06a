using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;

namespace Valuation.Api.Domain;

/// <summary>
/// This service's copy of a listing (from listing events): its TRL sets the default probability of
/// technical success, and its asking-price currency the valuation's currency.
/// </summary>
public sealed class ValuedListing : IVersionedCopy
{
    public Guid ListingId { get; init; }
    public required ListingFacts Snapshot { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// What valuation keeps of a listing, as its own record (jsonb): a change to the listing service's contract changes
/// the mapping (Domain/ContractMapping.cs), never this service's schema.
/// </summary>
public sealed record ListingFacts
{
    public required string UniversityId { get; init; }
    public required string Status { get; init; }
    public required int Trl { get; init; }
    /// <summary>The exchanges the listing names: they may value it too.</summary>
    public required IReadOnlyList<string> Exchanges { get; init; }
    public required PricingFacts Pricing { get; init; }
}

public sealed record PricingFacts
{
    public Money? AskingPrice { get; init; }
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
