using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;

namespace CrossBorder.Tests;

/// <summary>services/CrossBorder/README.md §6: where a listing goes, and why not elsewhere.</summary>
public class CoListingTests
{
    private static Dictionary<string, (string Status, string? Reason)> Place(Listing.Contracts.ListingSnapshot snapshot) =>
        CoListing.Place(snapshot.ToCopy(),
                ReferenceData.Exchanges, ReferenceData.Linkages)
            .ToDictionary(p => p.Exchange, p => (p.Status, p.Reason));

    [Fact]
    public void Named_exchanges_list_it_and_STEX_co_lists_patents_on_SHIPX()
    {
        var placed = Place(Snapshots.Listing(exchanges: ["STEX"]));
        Assert.Equal("listed", placed["STEX"].Status);
        Assert.Equal("listed", placed["SHIPX"].Status);
        Assert.Contains("Co-listed from STEX", placed["SHIPX"].Reason);
        Assert.Equal("not_listed", placed["SSTPE"].Status);
        Assert.Equal(ReferenceData.Exchanges.Length, placed.Count); // every exchange says where it stands
    }

    [Fact]
    public void Without_patent_assets_the_STEX_to_SHIPX_link_does_not_apply()
    {
        var placed = Place(Snapshots.Listing(exchanges: ["STEX"], assetKind: "trade_secret"));
        Assert.Equal("not_listed", placed["SHIPX"].Status);
    }

    [Fact]
    public void Free_technology_goes_abroad_only_when_the_gateway_is_named()
    {
        var domestic = Place(Snapshots.Listing(exchanges: ["STEX"]));
        Assert.All(new[] { "KETX", "BRTX", "EGTX" }, code =>
        {
            Assert.Equal("not_listed", domestic[code].Status);
            Assert.Contains("SSTPE", domestic[code].Reason);
        });
        var abroad = Place(Snapshots.Listing(exchanges: ["SSTPE"]));
        Assert.Equal("listed", abroad["SSTPE"].Status);
        Assert.All(new[] { "KETX", "BRTX", "EGTX" }, code => Assert.Equal("listed", abroad[code].Status));
    }

    [Theory]
    [InlineData("restricted")]
    [InlineData("prohibited")]
    public void Controlled_technology_stays_on_domestic_exchanges_with_the_reason(string exportClass)
    {
        var placed = Place(Snapshots.Listing(exportClass, exchanges: ["SSTPE", "STEX"]));
        Assert.Equal("listed", placed["SSTPE"].Status);
        Assert.Equal("listed", placed["STEX"].Status);
        Assert.All(new[] { "KETX", "BRTX", "EGTX" }, code =>
        {
            Assert.Equal("not_listed", placed[code].Status);
            Assert.Contains(exportClass, placed[code].Reason);
        });
    }

    [Fact]
    public void Naming_an_exchange_abroad_directly_does_not_bypass_the_gateway()
    {
        var placed = Place(Snapshots.Listing(exchanges: ["KETX"]));
        Assert.Equal("not_listed", placed["KETX"].Status);
    }

    [Fact]
    public void A_withdrawn_listing_is_listed_nowhere() =>
        Assert.All(Place(Snapshots.Listing(status: "withdrawn", exchanges: ["STEX", "SSTPE"])).Values, p => Assert.Equal("not_listed", p.Status));
}
