namespace CrossBorder.Api.Domain;

/// <summary>
/// One event of the feed (services/CrossBorder/README.md GET /api/events, §8), kept 30 days for reconciliation. Exchanges see the
/// events of listings listed on them (VisibleTo, fixed when the event is recorded); auditors see every event.
/// Data is the event's data as clients receive it: listing and deal snapshots without contributors.
/// </summary>
public sealed class FeedEvent
{
    /// <summary>Insertion order: the feed's cursor (oldest first).</summary>
    public long Sequence { get; init; }
    /// <summary>The event id; also the webhook-id of its deliveries, the same on every retry.</summary>
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public Guid? ListingId { get; init; }
    public required string Data { get; init; }
    public required string[] VisibleTo { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

public static class FeedEventTypes
{
    /// <summary>What exchanges receive (services/CrossBorder/README.md §8): never receipts, rewards or payouts, which name people and their money.</summary>
    public static readonly IReadOnlySet<string> ForExchanges = new HashSet<string>(StringComparer.Ordinal)
    {
        "listing.published", "listing.updated", "listing.withdrawn", "valuation.completed",
        "deal.in_publicity", "deal.concluded", "deal.cancelled", "deal.lapsed", "deal.registered", "deal.flagged",
        // Signed heads of the ledger's Merkle log: hashes only, for every exchange to keep as a witness.
        "ledger.head_signed",
    };

    /// <summary>In the auditors' feed only.</summary>
    public static readonly IReadOnlySet<string> ForAuditorsOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "receipt.recorded", "rewards.distributed", "payout.paid",
    };

    public static bool IsKnown(string type) => ForExchanges.Contains(type) || ForAuditorsOnly.Contains(type);

    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
}
