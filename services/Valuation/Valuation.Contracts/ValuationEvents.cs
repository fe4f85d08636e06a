using Platform.BuildingBlocks.Monetary;

namespace Valuation.Contracts;

/// <summary>valuation.completed</summary>
public sealed record ValuationCompleted
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid ValuationId { get; init; }
    public required Guid ListingId { get; init; }
    public required string Method { get; init; }
    public required Money Value { get; init; }
    public required ValuationRangeSnapshot Range { get; init; }
}

public sealed record ValuationRangeSnapshot
{
    public required Money P10 { get; init; }
    public required Money P50 { get; init; }
    public required Money P90 { get; init; }
}
