using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Contracts;

// Events of the revenue-sharing service: the ledger entries made, with the head after them.
// They name people and their money, so they go to auditors only (services/CrossBorder/README.md §8).

/// <summary>receipt.recorded</summary>
public sealed record ReceiptRecorded
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid DealId { get; init; }
    public required Guid ReceiptId { get; init; }
    public required IReadOnlyList<LedgerEntrySnapshot> Entries { get; init; }
    public required LedgerHeadSnapshot Head { get; init; }
}

/// <summary>rewards.distributed</summary>
public sealed record RewardsDistributed
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid DealId { get; init; }
    public required Guid DistributionId { get; init; }
    public required Money Pool { get; init; }
    public required IReadOnlyList<LedgerEntrySnapshot> Entries { get; init; }
    public required LedgerHeadSnapshot Head { get; init; }
}

public sealed record LedgerEntrySnapshot
{
    public required long Sequence { get; init; }
    public required string Kind { get; init; }
    public required Money Amount { get; init; }
    public string? PersonId { get; init; }
    public required string Hash { get; init; }
}

public sealed record LedgerHeadSnapshot
{
    public required long Sequence { get; init; }
    public required string Hash { get; init; }
}

/// <summary>policy.updated (bus only): a university recorded a new policy version.</summary>
public sealed record PolicyUpdated
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required string UniversityId { get; init; }
    public required int Version { get; init; }
    public required decimal RewardShare { get; init; }
    public required int PublicityWorkingDays { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
}

/// <summary>payout.paid</summary>
public sealed record PayoutPaid
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required Guid DealId { get; init; }
    public required Guid PayoutId { get; init; }
    public required IReadOnlyList<LedgerEntrySnapshot> Entries { get; init; }
    public required LedgerHeadSnapshot Head { get; init; }
}

/// <summary>
/// ledger.head_signed: the Merkle log of the ledger had TreeSize entries with RootHash (lower-case hex) at Timestamp,
/// signed with the platform's Ed25519 ledger key (Signature, base64; see the README, "Witnessing the ledger"). No personal
/// data: it goes to every exchange and to auditors, who keep it as witnesses.
/// </summary>
public sealed record LedgerHeadSigned
{
    public required DateTimeOffset OccurredAt { get; init; }
    public required long TreeSize { get; init; }
    public required string RootHash { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Signature { get; init; }
}
