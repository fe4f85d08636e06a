using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// Issue #7's matrix, from the gateway's route table (routes.json, generated from the services' endpoints with their
/// roles: GeneratedFilesTests); every route × every role (and no token, and an unknown role) answers as
/// the services' READMEs say; and every route has a tenant entry: a probe of another university's or exchange's resource, or the
/// reason it has none. A new endpoint without a route, or a route without a tenant entry, fails here.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public partial class RouteMatrixTests(PlatformBehindGateway platform)
{
    public sealed record Route(string Name, string Cluster, string Method, string Path, IReadOnlyList<string> Roles)
    {
        public string Key => $"{Method} {Path}";
    }

    public static IReadOnlyList<Route> GatewayRoutes() =>
        Generated.GatewayRoutesFile.Committed()["ReverseProxy"]!["Routes"]!
            .AsObject().Where(r => r.Value!["Match"]!["Path"]!.GetValue<string>().StartsWith("/api/", StringComparison.Ordinal))
            .Select(r => new Route(r.Key, r.Value!["ClusterId"]!.GetValue<string>(), r.Value!["Match"]!["Methods"]!.AsArray().Single()!.GetValue<string>(),
                r.Value!["Match"]!["Path"]!.GetValue<string>(),
                r.Value!["AuthorizationPolicy"]!.GetValue<string>() is var policy && policy.StartsWith("roles:", StringComparison.Ordinal)
                    ? policy["roles:".Length..].Split(',').Order(StringComparer.Ordinal).ToList()
                    : throw new InvalidOperationException($"{r.Key}: policy {policy} is not a roles: policy")))
            .ToList();

    public static TheoryData<string> RouteNames()
    {
        var data = new TheoryData<string>();
        foreach (var r in GatewayRoutes()) data.Add(r.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(RouteNames))]
    public async Task Every_role_is_admitted_or_refused_as_api_md_says(string routeName)
    {
        var route = GatewayRoutes().Single(r => r.Name == routeName);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(route, null, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(route, "visitor", "fudan")).StatusCode);
        foreach (var (role, org) in new[] { ("university", "fudan"), ("exchange", "STEX"), ("auditor", (string?)null), ("admin", null) })
        {
            var response = await SendAsync(route, role, org);
            var answer = $"{route.Key} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (route.Roles.Contains(role))
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500, answer);
            else
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, answer);
        }
    }

    /// <summary>A request with the caller's own codes in the path and fresh ids: it passes or fails on its merits, never on who asks.</summary>
    private Task<HttpResponseMessage> SendAsync(Route route, string? role, string? org)
    {
        var path = Placeholder().Replace(route.Path, m => m.Groups[1].Value switch
        {
            "university" => org ?? "fudan",
            "code" => "CN-SH",
            "date" => "2027-01-04",
            _ => Guid.NewGuid().ToString(),
        });
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (route.Method == "PUT") request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var client = platform.Client();
        if (role is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(role, org));
        return client.SendAsync(request);
    }

    [GeneratedRegex(@"\{(\w+)(?::\w+)?\}")]
    private static partial Regex Placeholder();
}
