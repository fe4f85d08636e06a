using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace CrossBorder.Api.Domain;

/// <summary>The deal body as a client sends it (services/CrossBorder/README.md).</summary>
public sealed record DealRequest(
    [property: Required] Guid? ListingId,
    [property: Required] DealMode? Mode,
    [property: Required] DealPricingMethod? PricingMethod,
    [property: Required] Money? Price,
    [property: Required] BuyerRequest? Buyer,
    string? ExportLicenceNo,
    DateTimeOffset? ContractEffectiveAt,
    EquityRequest? Equity);

public sealed record BuyerRequest([property: Required] string? Name, [property: Required] string? Country);

public sealed record EquityRequest([property: Required] long? TotalShares);

public static class DealRequestRules
{
    /// <summary>Shares received, at most: far above any real grant, and within the ledger's amounts (numeric(20,2)).</summary>
    public const long MaxShares = 1_000_000_000_000_000;

    /// <summary>What is wrong with the body on its own: 400 with the fields.</summary>
    public static void Validate(DealRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) errors.Add("$", "A body is required.").ThrowIfAny();
        errors.Check(r!.ListingId is not null && r.ListingId != Guid.Empty, "listingId", "Required.");
        errors.Check(r.Mode is not null, "mode", "Required: transfer, exclusive_licence, non_exclusive_licence or equity.");
        errors.Check(r.PricingMethod is not null, "pricingMethod", "Required: agreement, exchange_listing or auction.");
        errors.Check(r.Price is { Amount: > 0 }, "price", "Required and positive, e.g. {\"amount\": \"100000.00\", \"currency\": \"CNY\"}.");
        errors.Check(!string.IsNullOrWhiteSpace(r.Buyer?.Name) && r.Buyer.Name.Length <= 300, "buyer.name", "Required, at most 300 characters.");
        errors.Check(r.Buyer?.Country is { Length: 2 } c && c.All(char.IsAsciiLetterUpper), "buyer.country", "Required: an ISO 3166-1 alpha-2 code such as CN or KE.");
        errors.Check(r.ExportLicenceNo is null || r.ExportLicenceNo.Length is > 0 and <= 100, "exportLicenceNo", "At most 100 characters.");
        if (r.Mode == DealMode.Equity)
            errors.Check(r.Equity?.TotalShares is > 0 and <= MaxShares, "equity.totalShares",
                "An equity deal states the shares received: a whole number from 1 to 10^15.");
        else
            errors.Check(r.Equity is null, "equity", "Only an equity deal has equity.");
        errors.ThrowIfAny();
    }
}
