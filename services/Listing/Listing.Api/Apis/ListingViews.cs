using Listing.Api.Domain;

namespace Listing.Api.Apis;

// What clients see (services/Listing/README.md), and the snapshot events carry.

public sealed record InventionView(
    Guid Id, string UniversityId, string Title, string Abstract, string Field, string? IpcClass, int Trl,
    IReadOnlyList<Contributor> Contributors, IReadOnlyList<IpAsset> IpAssets, Rights Rights, ExportControl ExportControl,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static InventionView From(Invention i) => new(
        i.Id, i.UniversityId, i.Content.Title, i.Content.Abstract, i.Content.Field, i.Content.IpcClass, i.Content.Trl,
        i.Content.Contributors, i.Content.IpAssets, i.Content.Rights, i.Content.ExportControl, i.Version, i.CreatedAt, i.UpdatedAt);
}

/// <summary>
/// An invention as another university or an exchange sees it once it has been offered (个人信息保护法, minimum
/// necessary): the contributors' display names, as a patent publishes its inventors, and nothing else about them
/// (no staff ids, shares or leader flags).
/// </summary>
public sealed record PublishedInventionView(
    Guid Id, string UniversityId, string Title, string Abstract, string Field, string? IpcClass, int Trl,
    IReadOnlyList<ContributorName> Contributors, IReadOnlyList<IpAsset> IpAssets, Rights Rights, ExportControl ExportControl,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PublishedInventionView From(Invention i) => new(
        i.Id, i.UniversityId, i.Content.Title, i.Content.Abstract, i.Content.Field, i.Content.IpcClass, i.Content.Trl,
        i.Content.Contributors.Select(c => new ContributorName(c.Name)).ToList(), i.Content.IpAssets, i.Content.Rights, i.Content.ExportControl,
        i.Version, i.CreatedAt, i.UpdatedAt);
}

public sealed record ContributorName(string Name);

/// <summary>Who may see what of an invention or listing (root README, Rules: personal data).</summary>
public static class Visibility
{
    /// <summary>The owning university, auditors and admins see everything, drafts included.</summary>
    public static bool SeesAll(System.Security.Claims.ClaimsPrincipal user, string universityId) =>
        user.IsInRole(Platform.BuildingBlocks.Auth.PlatformRoles.Auditor) || user.IsInRole(Platform.BuildingBlocks.Auth.PlatformRoles.Admin)
        || Platform.BuildingBlocks.Auth.CallerExtensions.IsUniversity(user, universityId);

    /// <summary>A listing's SQL condition for other callers: offered (not a draft), or their own university's.</summary>
    public const string ListingSqlForOthers = "(l.status <> 'Draft' OR l.university_id = @caller_org)";

    /// <summary>An invention's SQL condition for other callers: one of its listings was offered, or it is their own.</summary>
    public const string InventionSqlForOthers =
        "(i.university_id = @caller_org OR EXISTS (SELECT 1 FROM listings l WHERE l.invention_id = i.id AND l.status <> 'Draft'))";

    public static bool IsPrivileged(System.Security.Claims.ClaimsPrincipal user) =>
        user.IsInRole(Platform.BuildingBlocks.Auth.PlatformRoles.Auditor) || user.IsInRole(Platform.BuildingBlocks.Auth.PlatformRoles.Admin);
}

public sealed record ListingView(
    Guid Id, Guid InventionId, string UniversityId, ListingStatus Status, IReadOnlyList<DealMode> Modes, Pricing Pricing,
    IReadOnlyList<string> Exchanges, ValuationView? Valuation, IReadOnlyList<ExchangePlacement> ExchangeListings,
    long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ListingView From(ListingOffer l) => new(
        l.Id, l.InventionId, l.UniversityId, l.Status, l.Modes, l.Pricing, l.Exchanges,
        l.Valuation is null ? null : new ValuationView(l.Valuation.ValuationId, l.Valuation.P10, l.Valuation.P50, l.Valuation.P90),
        l.ExchangeListings, l.Version, l.CreatedAt, l.UpdatedAt);
}

public sealed record ValuationView(Guid ValuationId, Platform.BuildingBlocks.Monetary.Money P10,
    Platform.BuildingBlocks.Monetary.Money P50, Platform.BuildingBlocks.Monetary.Money P90);

