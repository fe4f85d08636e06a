using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

namespace CrossBorder.Api.Domain;

/// <summary>The rules of services/CrossBorder/README.md §2 and §6 that need state: each broken one is a 422 with its code.</summary>
public static class DealRules
{
    public const string Domestic = "CN";

    public static void CheckListing(ListingCopy? listing, DealRequest r, string? exchange, bool listedOnExchange)
    {
        if (listing is null || !listing.IsPublished)
            throw ProblemException.Rule("listing-not-published", "The listing is not published.",
                listing is null ? $"Listing {r.ListingId} is not known as published here." : $"The listing is {listing.Snapshot.Status}.");
        if (exchange is not null && !listedOnExchange)
            throw ProblemException.Rule("not-listed-on-exchange", "The listing is not listed on this exchange.",
                $"Listing {r.ListingId} is not listed on {exchange}.");
        var mode = r.Mode!.Value.ToWire();
        if (!listing.Snapshot.Modes.Contains(mode))
            throw ProblemException.Rule("mode-not-offered", "The listing does not offer this mode.",
                $"Offered: {string.Join(", ", listing.Snapshot.Modes)}.");
    }

    /// <summary>A concluded transfer or exclusive licence ends the offer: no other deal after it.</summary>
    public static void CheckOfferNotEnded(bool exclusiveConcluded, DealMode mode)
    {
        if (!exclusiveConcluded) return;
        if (Deal.IsExclusive(mode))
            throw ProblemException.Conflict("exclusive-deal-exists", "The listing already has a concluded transfer or exclusive licence.",
                "At most one concluded transfer or exclusive_licence deal per listing.");
        throw ProblemException.Rule("listing-not-offered", "The listing's offer has ended.",
            "A concluded transfer or exclusive licence ended the offer: no further deal on this listing.");
    }

    /// <summary>
    /// A buyer outside CN (Hong Kong, Macao and Taiwan included) makes the deal cross-border
    /// (技术进出口管理条例): prohibited technology is refused, restricted needs an export licence.
    /// </summary>
    public static bool CheckExportControl(ListingCopy listing, DealRequest r, string exportClass)
    {
        var crossBorder = r.Buyer!.Country != Domestic;
        if (!crossBorder) return false;
        switch (exportClass)
        {
            case "prohibited":
                throw ProblemException.Rule("export-prohibited", "The technology is prohibited from export.",
                    $"Catalogue item {listing.Snapshot.ExportControl.CatalogueItem}; buyer country {r.Buyer.Country}.");
            case "restricted" when string.IsNullOrWhiteSpace(r.ExportLicenceNo):
                throw ProblemException.Rule("export-licence-required", "Restricted technology needs an export licence.",
                    "Give exportLicenceNo: the licence makes the contract effective.");
        }
        return true;
    }

    public static void CheckPricing(DealRequest r, bool callerIsExchange)
    {
        // Agreement pricing: the owning university or an exchange records it, and it goes to public notice.
        if (r.PricingMethod == DealPricingMethod.Agreement) return;
        if (!callerIsExchange)
            throw ProblemException.Forbidden("exchange_listing and auction deals are recorded by the exchange they concluded on.");
    }
}
