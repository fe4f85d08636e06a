using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>The gateway's routes (routes.json) cover every path prefix the README's API section lists, each to its service.</summary>
public partial class RouteTableTests
{
    private static readonly JsonNode Proxy = Generated.GatewayRoutesFile.Committed()["ReverseProxy"]!;

    public static readonly Dictionary<string, string> ExpectedCluster = new()
    {
        ["inventions"] = "listing", ["listings"] = "listing",
        ["valuations"] = "valuation",
        ["policies"] = "revenue-sharing", ["jurisdictions"] = "revenue-sharing", ["universities"] = "revenue-sharing",
        ["receipts"] = "revenue-sharing", ["costs"] = "revenue-sharing", ["revenue"] = "revenue-sharing",
        ["self-implementations"] = "revenue-sharing", ["payouts"] = "revenue-sharing", ["audit"] = "revenue-sharing",
        ["exchanges"] = "cross-border", ["linkages"] = "cross-border", ["exchange-listings"] = "cross-border",
        ["export-control"] = "cross-border", ["calendar"] = "cross-border", ["deals"] = "cross-border",
        ["fx-rates"] = "cross-border", ["subscriptions"] = "cross-border", ["events"] = "cross-border",
    };

    private static Dictionary<string, string> RoutedPrefixes() =>
        Proxy["Routes"]!.AsObject()
            .Select(r => (Path: r.Value!["Match"]!["Path"]!.GetValue<string>(), Cluster: r.Value!["ClusterId"]!.GetValue<string>()))
            .Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal))
            .GroupBy(r => r.Path.Split('/')[2])
            .ToDictionary(g => g.Key, g => g.Select(r => r.Cluster).Distinct().Single());

    [Fact]
    public void Every_prefix_goes_to_its_service()
    {
        var routed = RoutedPrefixes();
        Assert.All(ExpectedCluster, e => Assert.Equal(e.Value, routed.GetValueOrDefault(e.Key)));
    }

    [Fact]
    public void Every_api_route_names_its_roles_and_is_rate_limited()
    {
        foreach (var (name, route) in Proxy["Routes"]!.AsObject())
        {
            var path = route!["Match"]!["Path"]!.GetValue<string>();
            if (path.StartsWith("/openapi/", StringComparison.Ordinal))
                Assert.Equal("anonymous", route["AuthorizationPolicy"]!.GetValue<string>());
            else if (path.StartsWith("/.well-known/", StringComparison.Ordinal))
            {
                // Public by nature (the ledger's public key), but rate-limited like any API route.
                Assert.Equal("anonymous", route["AuthorizationPolicy"]!.GetValue<string>());
                Assert.Equal("per-caller", route["RateLimiterPolicy"]!.GetValue<string>());
            }
            else
            {
                var policy = route["AuthorizationPolicy"]!.GetValue<string>();
                Assert.StartsWith("roles:", policy);
                Assert.All(policy["roles:".Length..].Split(','), role => Assert.Contains(role, Platform.BuildingBlocks.Auth.PlatformRoles.All));
                Assert.Equal("per-caller", route["RateLimiterPolicy"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public void Every_path_of_the_readme_is_routed()
    {
        // The contract is in the repository: README.md lists every endpoint (API), the service READMEs give the rest.
        var readme = Path.Combine(RepoPaths.Root, "README.md");
        Assert.True(File.Exists(readme), $"README.md expected at {readme}");
        var prefixes = ApiPath().Matches(File.ReadAllText(readme)).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(prefixes);
        var routed = RoutedPrefixes();
        Assert.All(prefixes, p => Assert.True(routed.ContainsKey(p), $"/api/{p} of README.md has no gateway route"));
        Assert.All(prefixes, p => Assert.True(ExpectedCluster.ContainsKey(p), $"/api/{p}: add it to ExpectedCluster"));
    }

    [GeneratedRegex(@"`(?:GET|POST|PUT|DELETE) /api/([a-z-]+)")]
    private static partial Regex ApiPath();
}
