namespace CrossBorder.Api.Domain;

/// <summary>A technology exchange (services/CrossBorder/README.md §6): domestic (country CN) or a partner abroad.</summary>
public sealed class Exchange
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Country { get; init; }
    public required string Currency { get; init; }
    /// <summary>The gateway through which listings go abroad (SSTPE).</summary>
    public bool IsCrossBorderGateway { get; init; }

    public bool IsDomestic => Country == "CN";
}

public enum LinkageKind { CoListing, CrossBorder }

/// <summary>A directed link between exchanges, along which listings are co-listed.</summary>
public sealed class Linkage
{
    public Guid Id { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public LinkageKind Kind { get; init; }
    /// <summary>Optional condition on the listing: "patent_assets" (it has a patent or patent application).</summary>
    public string? Condition { get; init; }
}

/// <summary>Where a listing is, or why it is not (one row per exchange of the registry).</summary>
public sealed class ExchangeListing
{
    public Guid ListingId { get; init; }
    public required string Exchange { get; init; }
    public required string Status { get; set; }
    public string? Reason { get; set; }

    public const string Listed = "listed";
    public const string NotListed = "not_listed";
}
