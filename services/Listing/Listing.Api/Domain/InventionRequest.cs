using System.ComponentModel.DataAnnotations;
namespace Listing.Api.Domain;

// The invention body as a client sends it (services/Listing/README.md). Every field is nullable so a missing one
// becomes a 400 naming it instead of a deserialisation failure without a field name.

public sealed record InventionRequest(
    [property: Required] string? Title,
    string? Abstract,
    [property: Required] string? Field,
    string? IpcClass,
    [property: Required] int? Trl,
    [property: Required] IReadOnlyList<ContributorRequest?>? Contributors,
    IReadOnlyList<IpAssetRequest?>? IpAssets,
    [property: Required] RightsRequest? Rights,
    [property: Required] ExportControlRequest? ExportControl);

public sealed record ContributorRequest(
    [property: Required] string? PersonId, [property: Required] string? Name, [property: Required] decimal? Share, bool? MainContributor, ContributorRole? Role, bool? UnitHead, bool? LeadershipPost);

public sealed record IpAssetRequest([property: Required] IpAssetKind? Kind, string? Number, string? Jurisdiction, string? Status);

public sealed record RightsRequest([property: Required] RightsModel? Model, decimal? ResearcherShare, int? Years);

public sealed record ExportControlRequest([property: Required] ExportClass? Class, string? CatalogueItem, bool? DualUse);
