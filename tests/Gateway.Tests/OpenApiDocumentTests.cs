using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// Each service's OpenAPI document is committed beside it (services/&lt;Service&gt;/&lt;Service&gt;.Api/openapi.json), the
/// contract clients code against; this test fails when the service serves anything else. After a change to an
/// endpoint: PLATFORM_UPDATE_OPENAPI=1 ./platform test --filter OpenApiDocumentTests, then review and commit the files.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public class OpenApiDocumentTests(PlatformBehindGateway platform)
{
    public static readonly TheoryData<string, string> Documents = new()
    {
        { "listing", "services/Listing/Listing.Api/openapi.json" },
        { "valuation", "services/Valuation/Valuation.Api/openapi.json" },
        { "revenue-sharing", "services/RevenueSharing/RevenueSharing.Api/openapi.json" },
        { "cross-border", "services/CrossBorder/CrossBorder.Api/openapi.json" },
    };

    public static string Committed(string path) => Path.Combine(RepoPaths.Root, path);

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_committed_document_is_the_one_the_service_serves(string service, string path)
    {
        var served = Pretty(await platform.Client().GetStringAsync($"/openapi/{service}.json"));
        var file = Committed(path);
        if (Environment.GetEnvironmentVariable("PLATFORM_UPDATE_OPENAPI") == "1") await File.WriteAllTextAsync(file, served);
        Assert.True(File.Exists(file), $"{path} is missing: PLATFORM_UPDATE_OPENAPI=1 ./platform test --filter OpenApiDocumentTests writes it.");
        Assert.True(served == await File.ReadAllTextAsync(file),
            $"{path} is not what {service} serves: PLATFORM_UPDATE_OPENAPI=1 ./platform test --filter OpenApiDocumentTests, then review and commit.");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_operation_has_an_id_a_summary_its_roles_and_its_errors(string service, string path)
    {
        var document = JsonNode.Parse(File.ReadAllText(Committed(path)))!;
        Assert.Equal(Platform.BuildingBlocks.OpenApi.ServiceDocument.DefaultServerUrl, Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var ids = new HashSet<string>();
        foreach (var (route, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            var where = $"{service}: {method.ToUpperInvariant()} {route}";
            Assert.True(ids.Add(operation!["operationId"]?.GetValue<string>() ?? ""), $"{where} has no operationId or a repeated one");
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{where} has no summary");
            Assert.NotNull(operation["responses"]!["400"]);
            if (operation["security"]!.AsArray().Count > 0)
            {
                Assert.NotEmpty(operation["x-roles"]!.AsArray());
                Assert.NotNull(operation["responses"]!["401"]);
                Assert.NotNull(operation["responses"]!["403"]);
            }
        }
    }

    private static string Pretty(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
