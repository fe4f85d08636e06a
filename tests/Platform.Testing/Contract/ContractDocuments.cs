using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Platform.Testing.Contract;

/// <summary>
/// The four committed OpenAPI documents (held equal to what the services serve by OpenApiDocumentTests), read once:
/// each operation by method and path template, and each documented body as a JSON Schema (OpenAPI 3.1 schemas are
/// JSON Schema 2020-12; the components become one registered schema per service that the bodies refer to).
/// </summary>
public sealed class ContractDocuments
{
    public static readonly string[] Files =
    [
        "services/Listing/Listing.Api/openapi.json", "services/Valuation/Valuation.Api/openapi.json",
        "services/RevenueSharing/RevenueSharing.Api/openapi.json", "services/CrossBorder/CrossBorder.Api/openapi.json",
    ];

    private static readonly Lazy<ContractDocuments> Loaded = new(() => new ContractDocuments());
    public static ContractDocuments Instance => Loaded.Value;

    public sealed record Operation(string Service, string Method, string Template, Regex Path, int Parameters, JsonObject Responses);

    private readonly List<Operation> _operations = [];
    private readonly ConcurrentDictionary<(string Service, string Template, string Method, string Status, string Media), JsonSchema?> _bodies = new();
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };

    private ContractDocuments()
    {
        foreach (var file in Files)
        {
            var service = file.Split('/')[1];
            var text = File.ReadAllText(Path.Combine(RepoPaths.Root, file)).Replace("\"#/components/schemas/", $"\"{Base(service)}#/$defs/");
            var document = JsonNode.Parse(text)!;
            var components = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = Base(service),
                ["$defs"] = document["components"]?["schemas"]?.DeepClone() ?? new JsonObject() };
            JsonSchema.FromText(components.ToJsonString(), _build, new Uri(Base(service)));
            foreach (var (template, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
                _operations.Add(new Operation(service, method.ToUpperInvariant(), template, new Regex(pattern), template.Count(c => c == '{'),
                    operation!["responses"]!.AsObject()));
            }
        }
        _operations.Sort((a, b) => a.Parameters.CompareTo(b.Parameters)); // /heads/latest before /heads/{size}
    }

    private static string Base(string service) => $"https://contract.platform.test/{service}";

    /// <summary>The operation a request was for; null for what no document describes (health, /docs, the documents).</summary>
    public Operation? Find(string method, string path) =>
        _operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(path));

    /// <summary>The schema of a documented body for a status and media type; null when the document gives none.</summary>
    public JsonSchema? Body(Operation operation, string status, string media) =>
        _bodies.GetOrAdd((operation.Service, operation.Template, operation.Method, status, media), _ =>
        {
            var schema = operation.Responses[status]?["content"]?[media]?["schema"];
            return schema is null ? null : JsonSchema.FromText(schema.ToJsonString(), _build);
        });
}
