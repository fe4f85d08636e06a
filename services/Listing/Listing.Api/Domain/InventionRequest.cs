namespace Listing.Api.Domain;

// The invention body as a client sends it (services/Listing/README.md). Every field is nullable so a missing one
// becomes a 400 naming it instead of a deserialisation failure without a field name.

public sealed record InventionRequest(
    string? Title,
    string? Abstract,
    string? Field,
    string? IpcClass,
    int? Trl,
    IReadOnlyList<ContributorRequest?>? Contributors,
    IReadOnlyList<IpAssetRequest?>? IpAssets,
    RightsRequest? Rights,
    ExportControlRequest? ExportControl);

public sealed record ContributorRequest(
    string? PersonId, string? Name, decimal? Share, bool? MainContributor, ContributorRole? Role, bool? UnitHead, bool? LeadershipPost);

public sealed record IpAssetRequest(IpAssetKind? Kind, string? Number, string? Jurisdiction, string? Status);

public sealed record RightsRequest(RightsModel? Model, decimal? ResearcherShare, int? Years);

public sealed record ExportControlRequest(ExportClass? Class, string? CatalogueItem, bool? DualUse);
