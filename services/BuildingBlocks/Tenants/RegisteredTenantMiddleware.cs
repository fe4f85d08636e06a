using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// A university or exchange token must name an org registered for its role: a well-formed but unknown org
/// ("fudan2", a typo, a tenant nobody registered) is 403 org-not-registered on every endpoint that needs a token,
/// before the endpoint runs. Auditor and admin tokens act for the platform, not for a tenant, and are not checked.
/// Runs after authorization, so only requests the role would allow cost a lookup.
/// </summary>
public sealed class RegisteredTenantMiddleware<TDbContext>(RequestDelegate next) where TDbContext : DbContext
{
    public async Task InvokeAsync(HttpContext http, TenantDirectory directory)
    {
        var user = http.User;
        var role = user.Role();
        if (user.Identity?.IsAuthenticated == true
            && role is PlatformRoles.University or PlatformRoles.Exchange
            && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null)
        {
            var org = user.RequireOrg();
            if (!await directory.IsRegisteredAsync(() => http.RequestServices.GetRequiredService<TDbContext>(), role, org, http.RequestAborted))
                throw new ProblemException(403, "org-not-registered", $"The {role} '{org}' is not registered.",
                    role == PlatformRoles.University
                        ? "A university token's org must be a registered university (GET /api/universities); an admin registers one with PUT /api/universities/{code}."
                        : "An exchange token's org must be a registered exchange (GET /api/exchanges); an admin registers one with POST /api/exchanges.");
        }
        await next(http);
    }
}

public static class RegisteredTenantExtensions
{
    public static WebApplication UseRegisteredTenants<TDbContext>(this WebApplication app) where TDbContext : DbContext
    {
        app.UseMiddleware<RegisteredTenantMiddleware<TDbContext>>();
        return app;
    }
}
