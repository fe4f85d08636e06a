using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Auth;

namespace Platform.Gateway;

/// <summary>
/// Per-route authorization from configuration: a route's AuthorizationPolicy "roles:university,auditor" admits an
/// authenticated caller whose role is one of those (401 without a valid token, 403 with another role). The roles
/// are those of the services' READMEs (services/*/README.md) for the route's method and path; a name with an unknown role fails at start-up, when YARP
/// validates its routes, rather than admitting anyone.
/// </summary>
public sealed class RolesPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public const string Prefix = "roles:";

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (!policyName.StartsWith(Prefix, StringComparison.Ordinal)) return await base.GetPolicyAsync(policyName);
        var roles = policyName[Prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.Length == 0 || roles.Any(r => !PlatformRoles.All.Contains(r)))
            throw new InvalidOperationException($"Authorization policy '{policyName}' names no role or an unknown one; roles are {string.Join(", ", PlatformRoles.All)}.");
        return new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().RequireRole(roles).Build();
    }
}
