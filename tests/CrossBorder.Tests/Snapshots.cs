using Listing.Contracts;

namespace CrossBorder.Tests;

public static class Snapshots
{
    public static ListingSnapshot Listing(string exportClass = "free", string[]? exchanges = null, string status = "published",
        string[]? modes = null, string assetKind = "patent", long version = 2, Guid? id = null) => new()
    {
        ListingId = id ?? Guid.CreateVersion7(), InventionId = Guid.CreateVersion7(), UniversityId = "fudan", Status = status,
        Title = "Electrolyte", Field = "new_energy", Trl = 4, Modes = modes ?? ["exclusive_licence", "non_exclusive_licence"],
        Pricing = new PricingSnapshot { Method = "exchange_listing" }, Exchanges = exchanges ?? ["STEX"],
        ExportControl = new ExportControlSnapshot { Class = exportClass, CatalogueItem = exportClass == "free" ? null : "CN-2025-001" },
        Rights = new RightsSnapshot { Model = "unit_owned" }, IpAssets = [new IpAssetSnapshot { Kind = assetKind }],
        Contributors = [new ContributorSnapshot { PersonId = "p-1", Name = "Li", Share = 1m, MainContributor = true, Role = "inventor" }],
        Version = version,
    };
}
