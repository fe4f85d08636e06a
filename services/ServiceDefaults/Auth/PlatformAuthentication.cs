using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Platform.BuildingBlocks.Auth;

/// <summary>
/// JWT bearer validation exactly as README.md (API conventions) says, and one authorization policy per role.
/// Used by every service and the gateway: the gateway is not the only wall.
/// </summary>
public static partial class PlatformAuthentication
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
                var maxLifetime = builder.Configuration.GetValue<TimeSpan?>("Auth:MaxTokenLifetime") ?? DefaultMaxTokenLifetime;
                options.Events = new JwtBearerEvents { OnTokenValidated = context => CheckShape(context, maxLifetime) };
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

    public static readonly TimeSpan DefaultMaxTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// Exactly one role and at most one org: a token listing several roles would otherwise hold every one of them
    /// (a university's token with "admin" beside it recorded FX rates). And a bounded lifetime (Auth:MaxTokenLifetime,
    /// 24 h by default), counted from not-before, else issued-at, else now: a leaked token expires.
    /// </summary>
    private static Task CheckShape(TokenValidatedContext context, TimeSpan maxLifetime)
    {
        var principal = context.Principal!;
        if (principal.FindAll(PlatformRoles.RoleClaim).Count() != 1)
            context.Fail("A token carries exactly one role.");
        else if (principal.FindAll(PlatformRoles.OrgClaim).ToList() is { Count: > 1 })
            context.Fail("A token carries at most one org.");
        else if (principal.FindFirst(PlatformRoles.OrgClaim)?.Value is { } org && !OrgCode().IsMatch(org))
            context.Fail("An org is a code of 1 to 64 ASCII letters, digits, '.', '_' or '-' (no spaces, no other script, no control character).");
        else if (context.SecurityToken is { } token)
        {
            var start = token.ValidFrom > DateTime.MinValue ? token.ValidFrom
                : token is Microsoft.IdentityModel.JsonWebTokens.JsonWebToken { IssuedAt: var issued } && issued > DateTime.MinValue ? issued
                : DateTime.UtcNow;
            if (token.ValidTo - start > maxLifetime)
                context.Fail($"A token may live at most {maxLifetime.TotalHours:0} hours.");
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The shape of an org code (fudan, STEX): what a tenant id may be, so that "fudan ", "fu dan", a zero-width variant,
    /// a spreadsheet formula or a NUL never becomes a tenant of its own.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")] // \z: "$" would let a final newline through
    public static partial System.Text.RegularExpressions.Regex OrgCode();

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
