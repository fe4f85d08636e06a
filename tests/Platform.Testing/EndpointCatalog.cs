using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Testing;

/// <summary>
/// The endpoints a running service maps, with the roles that may call each: the route table the gateway's routes
/// and the authorization matrix are checked against (so a new endpoint cannot go unnoticed).
/// </summary>
public static class EndpointCatalog
{
    public static readonly string[] AllRoles = ["admin", "auditor", "exchange", "university"];

    /// <summary>TakesBody: the endpoint binds a JSON body (minimal APIs' IAcceptsMetadata).</summary>
    public sealed record Entry(string Method, string Pattern, IReadOnlyList<string> Roles, bool Anonymous, bool TakesBody);

    /// <summary>The /api/ endpoints; with <paramref name="wellKnown"/>, the public /.well-known/ ones too (the gateway routes both).</summary>
    public static IReadOnlyList<Entry> Of(IServiceProvider services, bool wellKnown = false) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/api/", StringComparison.Ordinal)
                || (wellKnown && p.StartsWith("/.well-known/", StringComparison.Ordinal))))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => new Entry(m,
                e.RoutePattern.RawText!, RolesOf(e), e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();

    /// <summary>Roles named by policies (RequireAuthorization("role") or RequireRoles(...)); none named: every known role.</summary>
    private static IReadOnlyList<string> RolesOf(Endpoint e)
    {
        var named = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(AllRoles.Contains);
        var required = e.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
            .SelectMany(p => p.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>())
            .SelectMany(r => r.AllowedRoles);
        var roles = named.Concat(required).Distinct().Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? AllRoles : roles;
    }
}
