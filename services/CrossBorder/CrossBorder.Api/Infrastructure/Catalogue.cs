using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrossBorder.Api.Infrastructure;

public static class Catalogue
{
    /// <summary>The class that applies to a listing now: its declared item checked against the catalogue.</summary>
    public static async Task<string> EffectiveClassAsync(CrossBorderDbContext db, ListingFacts listing, CancellationToken ct)
    {
        var item = listing.ExportControl.CatalogueItem;
        var entries = item is null
            ? new Dictionary<string, CatalogueItem>()
            : await db.Catalogue.AsNoTracking().Where(c => c.Item == item).ToDictionaryAsync(c => c.Item, ct);
        return ExportClasses.Effective(listing.ExportControl.Class, item, entries);
    }
}
