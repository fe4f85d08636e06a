using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Testing;

namespace Gateway.Tests.Generated;

/// <summary>
/// The gateway's YARP routes and clusters (gateway/Platform.Gateway/routes.json), made from the services' own endpoint
/// metadata and the service table: one route per method and path with the endpoint's roles as a "roles:..." policy
/// (anonymous endpoints stay anonymous), each service's OpenAPI document, and one cluster per service at its port.
/// </summary>
public static partial class GatewayRoutesFile
{
    public const string RelativePath = "gateway/Platform.Gateway/routes.json";

    /// <summary>The gateway's own rate-limit policy name (GatewayExtensions.PerCallerPolicy).</summary>
    private const string PerCaller = "per-caller";

    public static string Render(IReadOnlyList<ServiceEndpoints.Entry> endpoints)
    {
        var routes = new JsonObject();
        foreach (var service in ServiceTable.Services)
        {
            var own = endpoints.Where(e => e.Cluster == service.Name).ToList();
            if (own.Count == 0) throw new InvalidOperationException($"{service.Name} (deploy/services.tsv) maps no endpoint.");
            foreach (var e in own)
                routes[RouteName(e)] = new JsonObject
                {
                    ["ClusterId"] = service.Name,
                    ["AuthorizationPolicy"] = e.Anonymous ? "anonymous" : "roles:" + string.Join(",", e.Roles),
                    ["RateLimiterPolicy"] = PerCaller,
                    ["Match"] = new JsonObject { ["Path"] = e.Pattern.TrimEnd('/'), ["Methods"] = new JsonArray(e.Method) },
                };
        }
        foreach (var service in ServiceTable.Services)
            routes[$"{service.Name}-openapi"] = new JsonObject
            {
                ["ClusterId"] = service.Name,
                ["AuthorizationPolicy"] = "anonymous",
                ["Match"] = new JsonObject { ["Path"] = $"/openapi/{service.Name}.json" },
                ["Transforms"] = new JsonArray(new JsonObject { ["PathSet"] = "/openapi/v1.json" }),
            };

        var clusters = new JsonObject();
        foreach (var service in ServiceTable.Services)
            clusters[service.Name] = new JsonObject
            {
                // Where ./platform up runs it; compose and Kubernetes set their own address by environment variable.
                ["Destinations"] = new JsonObject { ["primary"] = new JsonObject { ["Address"] = $"http://127.0.0.1:{service.Port}/" } },
                ["HealthCheck"] = new JsonObject
                {
                    ["Active"] = new JsonObject
                    {
                        ["Enabled"] = true, ["Interval"] = "00:00:10", ["Timeout"] = "00:00:05",
                        ["Policy"] = "ConsecutiveFailures", ["Path"] = "/health/live",
                    },
                },
            };

        var document = new JsonObject { ["ReverseProxy"] = new JsonObject { ["Routes"] = routes, ["Clusters"] = clusters } };
        return $"""
            // GENERATED from the services' own endpoints (their roles) and deploy/services.tsv (their ports): do not edit.
            // After a change to an endpoint or to the table: {GeneratedFile.HowToUpdate}
            {document.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}

            """;
    }

    /// <summary>"listing-get-inventions-id" for GET /api/inventions/{id:guid}: the cluster, the method, the path's words.</summary>
    public static string RouteName(ServiceEndpoints.Entry e)
    {
        var words = e.Pattern.Trim('/').Split('/').Select(s => Parameter().Replace(s, "$1").TrimStart('.')).ToList();
        if (words[0] == "api") words.RemoveAt(0);
        return $"{e.Cluster}-{e.Method.ToLowerInvariant()}-{string.Join("-", words)}";
    }

    [GeneratedRegex(@"^\{([^:}?]+)[^}]*\}$")]
    private static partial Regex Parameter();

    /// <summary>The committed file, read as the gateway reads it (comments allowed).</summary>
    public static JsonNode Committed() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, RelativePath)), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
}
