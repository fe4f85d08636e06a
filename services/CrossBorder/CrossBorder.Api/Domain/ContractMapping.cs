using Listing.Contracts;

namespace CrossBorder.Api.Domain;

/// <summary>
/// The one place cross-border reads and writes the listing service's snapshot types: a listing event becomes this
/// service's own <see cref="ListingFacts"/>, and a deal event hands the frozen facts on in the contract's types.
/// </summary>
public static class ContractMapping
{
    public static ListingCopy ToCopy(this ListingSnapshot s) => new()
    {
        ListingId = s.ListingId,
        Version = s.Version,
        Snapshot = new ListingFacts
        {
            UniversityId = s.UniversityId, Status = s.Status, Modes = s.Modes, Exchanges = s.Exchanges,
            ExportControl = new ExportControlFacts { Class = s.ExportControl.Class, CatalogueItem = s.ExportControl.CatalogueItem, DualUse = s.ExportControl.DualUse },
            Rights = new RightsFacts { Model = s.Rights.Model, ResearcherShare = s.Rights.ResearcherShare, Years = s.Rights.Years },
            IpAssets = s.IpAssets.Select(a => new IpAssetFacts { Kind = a.Kind, Number = a.Number, Jurisdiction = a.Jurisdiction, Status = a.Status }).ToList(),
            Contributors = s.Contributors.Select(c => new ContributorFacts
            {
                PersonId = c.PersonId, Name = c.Name, Share = c.Share, MainContributor = c.MainContributor, Role = c.Role,
                UnitHead = c.UnitHead, LeadershipPost = c.LeadershipPost,
            }).ToList(),
        },
    };

    public static RightsSnapshot ToContract(this RightsFacts r) => new() { Model = r.Model, ResearcherShare = r.ResearcherShare, Years = r.Years };

    public static IReadOnlyList<IpAssetSnapshot> ToContract(this IEnumerable<IpAssetFacts> assets) =>
        assets.Select(a => new IpAssetSnapshot { Kind = a.Kind, Number = a.Number, Jurisdiction = a.Jurisdiction, Status = a.Status }).ToList();

    public static IReadOnlyList<ContributorSnapshot> ToContract(this IEnumerable<ContributorFacts> contributors) =>
        contributors.Select(c => new ContributorSnapshot
        {
            PersonId = c.PersonId, Name = c.Name, Share = c.Share, MainContributor = c.MainContributor, Role = c.Role,
            UnitHead = c.UnitHead, LeadershipPost = c.LeadershipPost,
        }).ToList();
}
