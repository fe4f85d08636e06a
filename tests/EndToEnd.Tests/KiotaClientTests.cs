using System.Globalization;
using EndToEnd.Tests.Clients.CrossBorder;
using EndToEnd.Tests.Clients.Listing;
using EndToEnd.Tests.Clients.RevenueSharing;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Platform.Testing;
using CrossBorderModels = EndToEnd.Tests.Clients.CrossBorder.Models;
using ListingModels = EndToEnd.Tests.Clients.Listing.Models;
using RevenueModels = EndToEnd.Tests.Clients.RevenueSharing.Models;

namespace EndToEnd.Tests;

/// <summary>
/// The thin slice again, through clients Kiota generated from the committed OpenAPI documents at build time (see
/// EndToEnd.Tests.csproj): the documents are proven against the running platform, not only well-formed. Nothing here
/// is written by hand but the calls: paths, bodies, enums, Money and the problem type all come from the documents.
/// </summary>
[Collection(PlatformCollection.Name)]
public class KiotaClientTests(PlatformProcesses platform)
{
    /// <summary>A generated client on the platform's own HttpClient (its bearer token), aimed at the test gateway.</summary>
    private T Client<T>(Func<IRequestAdapter, T> create, string role, string? org = null) =>
        create(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: platform.Client(role, org))
        {
            BaseUrl = platform.Gateway.ToString().TrimEnd('/'),
        });

    private static decimal Amount(RevenueModels.Money? money) => decimal.Parse(money!.Amount!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_generated_client_runs_the_thin_slice_through_the_gateway()
    {
        var listing = Client(a => new ListingClient(a), "university", "fudan");
        var exchange = Client(a => new CrossBorderClient(a), "exchange", "STEX");
        var revenue = Client(a => new RevenueSharingClient(a), "university", "fudan");
        var auditor = Client(a => new RevenueSharingClient(a), "auditor");

        var invention = await listing.Api.Inventions.PostAsync(new ListingModels.InventionRequest
        {
            Title = "Sodium-ion cathode (generated client)", Abstract = "A layered oxide cathode.", Field = "new_energy", IpcClass = "H01M", Trl = 5,
            Contributors =
            [
                new() { PersonId = "p-101", Name = "Chen Jie", Share = "0.50", MainContributor = true, Role = ListingModels.ContributorRole.Inventor, UnitHead = false, LeadershipPost = false },
                new() { PersonId = "p-102", Name = "Liu Yang", Share = "0.50", MainContributor = true, Role = ListingModels.ContributorRole.Inventor, UnitHead = false, LeadershipPost = false },
            ],
            IpAssets = [new() { Kind = ListingModels.IpAssetKind.Patent, Number = "CN115000000B", Jurisdiction = "CN", Status = "granted" }],
            Rights = new ListingModels.RightsRequest { Model = ListingModels.RightsModel.Unit_owned },
            ExportControl = new ListingModels.ExportControlRequest { Class = ListingModels.ExportClass.Free, DualUse = false },
        });
        var offered = await listing.Api.Listings.PostAsync(new ListingModels.ListingRequest
        {
            InventionId = invention!.Id, Modes = [ListingModels.DealMode.Non_exclusive_licence],
            Pricing = new ListingModels.PricingRequest
            {
                Method = ListingModels.PricingMethod.Exchange_listing, AskingPrice = new ListingModels.Money { Amount = "500000.00", Currency = "CNY" },
            },
            Exchanges = ["STEX"],
        });
        Assert.Equal(ListingModels.ListingStatus.Draft, offered!.Status);
        var published = await listing.Api.Listings[offered.Id!.Value].Publish.PostAsync();
        Assert.Equal(ListingModels.ListingStatus.Published, published!.Status);

        await Eventually.TrueAsync(async () => (await exchange.Api.ExchangeListings.GetAsync(q => q.QueryParameters.ListingId = offered.Id))!
            .Items!.Any(i => i.Exchange == "STEX" && i.Status == "listed"), what: "the listing on STEX");

        var deal = await exchange.Api.Deals.PostAsync(new CrossBorderModels.DealRequest
        {
            ListingId = offered.Id, Mode = CrossBorderModels.DealMode.Non_exclusive_licence, PricingMethod = CrossBorderModels.DealPricingMethod.Exchange_listing,
            Price = new CrossBorderModels.Money { Amount = "400000.00", Currency = "CNY" },
            Buyer = new CrossBorderModels.BuyerRequest { Name = "Acme Ltd", Country = "CN" },
        });
        Assert.Equal("concluded", deal!.Status);
        var dealId = deal.Id!.Value;

        // Until deal.concluded reaches revenue-sharing a cost is refused: the generated Problem carries the rule.
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await revenue.Api.Costs.PostAsync(new RevenueModels.CostRequest
                {
                    DealId = dealId, Category = RevenueModels.CostCategory.Maintenance, Amount = new RevenueModels.Money { Amount = "10000.01", Currency = "CNY" },
                    IncurredAt = DateTimeOffset.UtcNow, EvidenceRef = "annuity-2026",
                });
                return true;
            }
            catch (RevenueModels.Problem problem) when (problem.ResponseStatusCode == 422)
            {
                Assert.Equal("/problems/deal-not-concluded", problem.Type);
                return false;
            }
        }, what: "the deal account");

        await revenue.Api.Receipts.PostAsync(new RevenueModels.ReceiptRequest
        {
            DealId = dealId, Amount = new RevenueModels.Money { Amount = "400000.00", Currency = "CNY" }, ReceivedAt = DateTimeOffset.UtcNow,
            Kind = RevenueModels.ReceiptKind.Upfront, Reference = "BANK-" + Guid.NewGuid().ToString("N")[..8],
        });

        // net = 400,000.00 − 10,000.01 = 389,999.99; 0.70 × net = 272,999.993 → the pool rounded up to the fen: 273,000.00,
        // split 0.50/0.50: 136,500.00 each.
        var account = await revenue.Api.Revenue.Deals[dealId].GetAsync();
        Assert.Equal(389999.99m, Amount(account!.NetIncome));
        Assert.Equal(273000.00m, Amount(account.RewardPool));
        Assert.Equal(273000.00m, Amount(account.Distributed));
        Assert.All(account.Contributors!, c => Assert.Equal(136500.00m, Amount(c.Amount)));

        var trace = await auditor.Api.Audit.Deals[dealId].TracePath.GetAsync();
        Assert.Equal(273000.00m, trace!.Entries!.Where(e => e.Kind == "distribution").Sum(e => Amount(e.Amount)));
        Assert.All(trace.Entries!, e => Assert.Equal(64, e.Hash!.Length));

        // An error answer is the documented problem, typed: another university may not see this deal's account.
        var stranger = Client(a => new RevenueSharingClient(a), "university", "sjtu");
        var refused = await Assert.ThrowsAsync<RevenueModels.Problem>(() => stranger.Api.Revenue.Deals[dealId].GetAsync());
        Assert.Equal(404, refused.ResponseStatusCode);
    }
}
