namespace CrossBorder.Api.Domain;

/// <summary>
/// Where a listing goes (services/CrossBorder/README.md §6): the exchanges it names; then along co_listing linkages between
/// domestic exchanges (when the linkage's condition holds); abroad only when the listing names the
/// cross-border gateway and its technology is free, along the gateway's cross_border linkages.
/// Every exchange of the registry gets a row, so a client sees why a listing is not somewhere.
/// </summary>
public static class CoListing
{
    public static IReadOnlyList<(string Exchange, string Status, string? Reason)> Place(
        ListingCopy listing, IReadOnlyList<Exchange> exchanges, IReadOnlyList<Linkage> linkages, string? effectiveExportClass = null)
    {
        var byCode = exchanges.ToDictionary(e => e.Code, StringComparer.Ordinal);
        var placed = new Dictionary<string, (string Status, string? Reason)>(StringComparer.Ordinal);
        if (!listing.IsPublished)
            return exchanges.Select(e => (e.Code, ExchangeListing.NotListed, (string?)$"The listing is {listing.Snapshot.Status}.")).ToList();

        var exportClass = effectiveExportClass ?? listing.Snapshot.ExportControl.Class;
        var named = listing.Snapshot.Exchanges.ToHashSet(StringComparer.Ordinal);
        foreach (var code in named)
        {
            if (!byCode.TryGetValue(code, out var exchange)) continue; // unknown code: listed nowhere
            if (exchange.IsDomestic) placed[code] = (ExchangeListing.Listed, "Named by the listing.");
        }

        // Co-listing between domestic exchanges, transitively.
        var frontier = new Queue<string>(placed.Keys);
        while (frontier.TryDequeue(out var from))
        {
            foreach (var link in linkages.Where(l => l.From == from && l.Kind == LinkageKind.CoListing))
            {
                if (placed.ContainsKey(link.To) || !byCode.TryGetValue(link.To, out var target) || !target.IsDomestic) continue;
                if (link.Condition == "patent_assets" && !listing.HasPatentAssets) continue;
                placed[link.To] = (ExchangeListing.Listed, $"Co-listed from {from}.");
                frontier.Enqueue(link.To);
            }
        }

        // Abroad: only through a named gateway, only for free technology.
        var gateways = exchanges.Where(e => e.IsCrossBorderGateway && named.Contains(e.Code)).Select(e => e.Code).ToHashSet();
        foreach (var exchange in exchanges.Where(e => !e.IsDomestic))
        {
            var route = linkages.FirstOrDefault(l => l.Kind == LinkageKind.CrossBorder && l.To == exchange.Code && gateways.Contains(l.From));
            if (route is null)
                placed[exchange.Code] = (ExchangeListing.NotListed,
                    "Listing abroad needs the university's consent: the listing must name a cross-border gateway exchange (SSTPE) linked to it.");
            else if (exportClass != "free")
                placed[exchange.Code] = (ExchangeListing.NotListed,
                    $"Export control class '{exportClass}': the technology stays on domestic exchanges.");
            else
                placed[exchange.Code] = (ExchangeListing.Listed, $"Cross-border listing via {route.From}.");
        }

        return exchanges.Select(e => placed.TryGetValue(e.Code, out var p)
            ? (e.Code, p.Status, p.Reason)
            : (e.Code, ExchangeListing.NotListed, (string?)"Not named by the listing and not linked from an exchange it is listed on.")).ToList();
    }
}
