using Platform.BuildingBlocks.OpenApi;

namespace Listing.Api.OpenApi;

/// <summary>The service's OpenAPI title, what it owns, and a line for each tag (the shared introduction is added to it).</summary>
public static class ApiDocument
{
    public static readonly ServiceDocument Value = new(
        "Listing API",
        "The listing service owns inventions (what a university's inventors made, who contributed with what share, which rights and export-control class apply) and their listings (what is offered, on which exchanges, by which mode and pricing). Its rules: services/Listing/README.md in the repository.",
        new Dictionary<string, string>
        {
            ["Inventions"] = "A university's inventions: contributors and shares, IP assets, rights, export-control class. Drafts are seen only by their university, auditors and admins.",
            ["Listings"] = "What a university offers of an invention: modes, pricing, exchanges; published listings reach the exchanges.",
        });
}
