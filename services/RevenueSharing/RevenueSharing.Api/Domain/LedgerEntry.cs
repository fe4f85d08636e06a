namespace RevenueSharing.Api.Domain;

/// <summary>
/// One append-only money movement (services/RevenueSharing/README.md §7). Sequence and PrevHash chain the entries of the service;
/// Hash is SHA-256 over the RFC 8785 canonical JSON of the entry (see <see cref="LedgerHashing"/>).
/// </summary>
public sealed class LedgerEntry
{
    public long Sequence { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid DealId { get; init; }
    public required string Kind { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public string? PersonId { get; init; }
    /// <summary>The unit's part a unit_remainder entry goes to (department, university, transfer_office); else null.</summary>
    public string? Party { get; init; }
    public required string SourceType { get; init; }
    public Guid SourceId { get; init; }
    public required string PrevHash { get; init; }
    public required string Hash { get; init; }
}

/// <summary>The one-row head of the chain; locked FOR UPDATE while entries are appended (no forks).</summary>
public sealed class LedgerHead
{
    public int Id { get; init; } = 1;
    public long Sequence { get; set; }
    public required string Hash { get; set; }
}
