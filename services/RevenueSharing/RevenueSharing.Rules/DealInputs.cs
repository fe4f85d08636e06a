namespace RevenueSharing.Rules;

// What a deal brings from its invention that the rules read: revenue-sharing's own records, kept in its database and
// in the ledger export. They are filled from the listing and deal events in one place (RevenueSharing.Api's
// Domain/ContractMapping.cs), so a change to another service's contract never changes this schema.

/// <summary>A contributor: their share of the reward pool, and what the payout rules ask of them.</summary>
public sealed record Contributor
{
    public required string PersonId { get; init; }
    public required string Name { get; init; }
    public required decimal Share { get; init; }
    public bool MainContributor { get; init; }
    public required string Role { get; init; }
    /// <summary>Head of the unit: their part is withheld, not granted (flag unit_head_equity).</summary>
    public bool UnitHead { get; init; }
    /// <summary>Holds a leadership post: a publicity record precedes paying them.</summary>
    public bool LeadershipPost { get; init; }
}

/// <summary>Who owns the invention: researcher_co_owned gives the researchers a share of the income as co-owners.</summary>
public sealed record Rights
{
    public required string Model { get; init; }
    public decimal? ResearcherShare { get; init; }
    public int? Years { get; init; }
}

/// <summary>An IP asset: a patent makes the 50% taxable base of 财税〔2018〕58号 apply.</summary>
public sealed record IpAsset
{
    public required string Kind { get; init; }
    public string? Number { get; init; }
    public string? Jurisdiction { get; init; }
    public string? Status { get; init; }
}
