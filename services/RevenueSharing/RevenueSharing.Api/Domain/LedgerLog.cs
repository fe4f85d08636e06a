namespace RevenueSharing.Api.Domain;

/// <summary>
/// A perfect subtree of the ledger's Merkle log (RFC 9162): level l, index i covers the entries with sequence
/// i·2^l + 1 to (i+1)·2^l (leaf index = sequence − 1). Level 0 holds the leaf hashes. Written once, never changed.
/// </summary>
public sealed class LedgerTreeNode
{
    public short Level { get; init; }
    public long Index { get; init; }
    public required byte[] Hash { get; init; }
}

/// <summary>A signed tree head (<see cref="RevenueSharing.Rules.Merkle.SignedTreeHead"/>), kept for proofs and for anyone who asks later.</summary>
public sealed class SignedHead
{
    public long TreeSize { get; init; }
    public required byte[] RootHash { get; init; }
    public DateTimeOffset SignedAt { get; init; }
    public required byte[] Signature { get; init; }
}
