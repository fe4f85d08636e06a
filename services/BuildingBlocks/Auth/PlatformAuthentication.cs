using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Platform.BuildingBlocks.Auth;

/// <summary>
/// JWT bearer validation exactly as README.md (API conventions) says, and one authorization policy per role.
/// Used by every service and the gateway: the gateway is not the only wall.
/// </summary>
public static class PlatformAuthentication
{
    /// <summary>Only a small clock skew is tolerated (issue: "small clock skew only").</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var key = JwtKey.Resolve(builder.Configuration, builder.Environment);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.RequireHttpsMetadata = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = PlatformRoles.Issuer,
                    ValidAudience = PlatformRoles.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(key),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ClockSkew = ClockSkew,
                    RoleClaimType = PlatformRoles.RoleClaim,
                    NameClaimType = PlatformRoles.SubjectClaim,
                };
            });

        builder.Services.AddAuthorizationBuilder()
            // A token whose role is none of the four is authenticated but may do nothing: 403.
            .SetFallbackPolicy(KnownRolePolicy())
            .SetDefaultPolicy(KnownRolePolicy())
            .AddPolicy(PlatformRoles.University, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.University))
            .AddPolicy(PlatformRoles.Exchange, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Exchange))
            .AddPolicy(PlatformRoles.Auditor, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Auditor))
            .AddPolicy(PlatformRoles.Admin, p => p.RequireAuthenticatedUser().RequireRole(PlatformRoles.Admin));
        return builder;
    }

    public static AuthorizationPolicy KnownRolePolicy() =>
        new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(PlatformRoles.All)
            .Build();

    /// <summary>A policy for endpoints several roles may call.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireAuthenticatedUser().RequireRole(roles));
}
