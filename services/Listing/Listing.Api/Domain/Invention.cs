namespace Listing.Api.Domain;

/// <summary>An invention of one university (services/Listing/README.md §1). Value parts are immutable records.</summary>
public sealed class Invention
{
    public Guid Id { get; init; }
    public required string UniversityId { get; init; }
    public required InventionContent Content { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Everything a university states about an invention; validated by <see cref="InventionRules"/>.</summary>
public sealed record InventionContent(
    string Title,
    string Abstract,
    string Field,
    string? IpcClass,
    int Trl,
    IReadOnlyList<Contributor> Contributors,
    IReadOnlyList<IpAsset> IpAssets,
    Rights Rights,
    ExportControl ExportControl);

public sealed record Contributor(
    string PersonId, string Name, decimal Share, bool MainContributor, ContributorRole Role, bool UnitHead, bool LeadershipPost);

public sealed record IpAsset(IpAssetKind Kind, string? Number, string? Jurisdiction, string? Status);

public sealed record Rights(RightsModel Model, decimal? ResearcherShare, int? Years);

public sealed record ExportControl(ExportClass Class, string? CatalogueItem, bool DualUse);
