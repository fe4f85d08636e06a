using Listing.Contracts;

namespace Valuation.Api.Domain;

/// <summary>The one place valuation reads the listing service's snapshot: a listing event becomes its own copy.</summary>
public static class ContractMapping
{
    public static ValuedListing ToCopy(this ListingSnapshot s) => new()
    {
        ListingId = s.ListingId,
        Version = s.Version,
        Snapshot = new ListingFacts
        {
            UniversityId = s.UniversityId, Status = s.Status, Trl = s.Trl, Exchanges = s.Exchanges,
            Pricing = new PricingFacts { AskingPrice = s.Pricing.AskingPrice },
        },
    };
}
