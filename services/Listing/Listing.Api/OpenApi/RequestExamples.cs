using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Listing.Api.OpenApi;

/// <summary>
/// Request examples in the OpenAPI document, so that a transfer office can write its client from the document
/// alone (issue: "OpenAPI document for the service, with examples"). The bodies are those of services/Listing/README.md.
/// </summary>
public static class RequestExamples
{
    private static readonly Dictionary<string, string> ByRoute = new()
    {
        ["POST api/inventions/"] = """
            {"title": "Solid-state electrolyte for sodium batteries", "abstract": "A sodium-ion solid electrolyte with high room-temperature conductivity.",
             "field": "new_energy", "ipcClass": "H01M", "trl": 4,
             "contributors": [
               {"personId": "p-001", "name": "Li Wei", "share": "0.60", "mainContributor": true, "role": "inventor", "unitHead": false, "leadershipPost": false},
               {"personId": "p-002", "name": "Wang Fang", "share": "0.40", "mainContributor": false, "role": "transfer_staff", "unitHead": false, "leadershipPost": false}],
             "ipAssets": [{"kind": "patent", "number": "CN114000000B", "jurisdiction": "CN", "status": "granted"}],
             "rights": {"model": "unit_owned"},
             "exportControl": {"class": "free", "dualUse": false}}
            """,
        ["POST api/listings/"] = """
            {"inventionId": "0193a000-0000-7000-8000-000000000001", "modes": ["exclusive_licence", "transfer"],
             "pricing": {"method": "exchange_listing", "askingPrice": {"amount": "1200000.00", "currency": "CNY"}},
             "exchanges": ["STEX", "SSTPE"]}
            """,
    };

    public static OpenApiOptions AddRequestExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var route = $"{context.Description.HttpMethod} {context.Description.RelativePath}";
            if (!route.EndsWith('/')) route += "/";
            if (ByRoute.TryGetValue(route, out var example) && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                    media.Example = JsonNode.Parse(example);
            }
            return Task.CompletedTask;
        });
}
