namespace CrossBorder.Contracts;

/// <summary>fx_rate.recorded (bus only): an admin recorded the CNY rate of a currency for a date.</summary>
public sealed record FxRateRecorded
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required string Currency { get; init; }
    public required DateOnly Date { get; init; }
    /// <summary>CNY per one unit of <see cref="Currency"/>.</summary>
    public required decimal RateToCny { get; init; }
    public required Guid RateId { get; init; }
}
