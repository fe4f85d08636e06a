using CrossBorder.Contracts;
using Listing.Contracts;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// The one place revenue-sharing reads the snapshot types of the listing and cross-border services (in listing and
/// deal events): each becomes this service's own record, which is what its database and the rules hold. The deal
/// account's view still answers in cross-border's registration and flag shapes (ToView), as its API always has.
/// </summary>
public static class ContractMapping
{
    public static ListingCopy ToCopy(this ListingSnapshot s) => new()
    {
        ListingId = s.ListingId,
        Version = s.Version,
        Snapshot = new ListingFacts
        {
            UniversityId = s.UniversityId, Status = s.Status,
            ExportControl = new ExportControlFacts { Class = s.ExportControl.Class },
            Rights = s.Rights.ToOwn(), IpAssets = s.IpAssets.ToOwn(), Contributors = s.Contributors.ToOwn(),
        },
    };

    public static Rights ToOwn(this RightsSnapshot r) => new() { Model = r.Model, ResearcherShare = r.ResearcherShare, Years = r.Years };

    public static IReadOnlyList<IpAsset> ToOwn(this IEnumerable<IpAssetSnapshot> assets) =>
        assets.Select(a => new IpAsset { Kind = a.Kind, Number = a.Number, Jurisdiction = a.Jurisdiction, Status = a.Status }).ToList();

    public static IReadOnlyList<Contributor> ToOwn(this IEnumerable<ContributorSnapshot>? contributors) =>
        (contributors ?? []).Select(c => new Contributor
        {
            PersonId = c.PersonId, Name = c.Name, Share = c.Share, MainContributor = c.MainContributor, Role = c.Role,
            UnitHead = c.UnitHead, LeadershipPost = c.LeadershipPost,
        }).ToList();

    public static IReadOnlyList<DealRegistration> ToOwn(this IEnumerable<RegistrationSnapshot> registrations) =>
        registrations.Select(r => new DealRegistration { Kind = r.Kind, Number = r.Number, RegisteredAt = r.RegisteredAt, Version = r.Version }).ToList();

    public static IReadOnlyList<DealFlag> ToOwn(this IEnumerable<FlagSnapshot> flags) =>
        flags.Select(f => new DealFlag { Code = f.Code, Detail = f.Detail }).ToList();

    public static IReadOnlyList<RegistrationSnapshot> ToView(this IEnumerable<DealRegistration> registrations) =>
        registrations.Select(r => new RegistrationSnapshot { Kind = r.Kind, Number = r.Number, RegisteredAt = r.RegisteredAt, Version = r.Version }).ToList();

    public static IEnumerable<FlagSnapshot> ToView(this IEnumerable<DealFlag> flags) =>
        flags.Select(f => new FlagSnapshot { Code = f.Code, Detail = f.Detail });
}
