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
    // Every event type the feed and webhooks carry, named once: publishers, the feed, subscriptions and the OpenAPI
    // document's enumerations all use these (services/CrossBorder/README.md §8 lists them).
    public const string ListingPublished = "listing.published";
    public const string ListingUpdated = "listing.updated";
    public const string ListingWithdrawn = "listing.withdrawn";
    public const string ValuationCompleted = "valuation.completed";
    public const string DealInPublicity = "deal.in_publicity";
    public const string DealConcluded = "deal.concluded";
    public const string DealCancelled = "deal.cancelled";
    public const string DealLapsed = "deal.lapsed";
    public const string DealRegistered = "deal.registered";
    public const string DealFlagged = "deal.flagged";
    public const string LedgerHeadSigned = "ledger.head_signed";
    public const string ReceiptRecorded = "receipt.recorded";
    public const string RewardsDistributed = "rewards.distributed";
    public const string PayoutPaid = "payout.paid";

    /// <summary>What exchanges receive (services/CrossBorder/README.md §8): never receipts, rewards or payouts, which name people and their money.</summary>
    public static readonly IReadOnlySet<string> ForExchanges = new HashSet<string>(StringComparer.Ordinal)
    {
        ListingPublished, ListingUpdated, ListingWithdrawn, ValuationCompleted,
        DealInPublicity, DealConcluded, DealCancelled, DealLapsed, DealRegistered, DealFlagged,
        // Signed heads of the ledger's Merkle log: hashes only, for every exchange to keep as a witness.
        LedgerHeadSigned,
    };

    /// <summary>In the auditors' feed only.</summary>
    public static readonly IReadOnlySet<string> ForAuditorsOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        ReceiptRecorded, RewardsDistributed, PayoutPaid,
    };

    public static bool IsKnown(string type) => ForExchanges.Contains(type) || ForAuditorsOnly.Contains(type);

    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
}
