using System.Security.Claims;

namespace Platform.BuildingBlocks.Auth;

/// <summary>Who is calling: role and organisation (university or exchange code) from the token.</summary>
public static class CallerExtensions
{
    public static string? Role(this ClaimsPrincipal user) => user.FindFirst(PlatformRoles.RoleClaim)?.Value;

    public static string? Org(this ClaimsPrincipal user) => user.FindFirst(PlatformRoles.OrgClaim)?.Value;

    public static bool IsUniversity(this ClaimsPrincipal user, string universityId) =>
        user.IsInRole(PlatformRoles.University) && user.Org() == universityId;

    public static bool IsExchange(this ClaimsPrincipal user, string? exchangeCode) =>
        exchangeCode is not null && user.IsInRole(PlatformRoles.Exchange) && user.Org() == exchangeCode;

    /// <summary>The caller's org, required for university and exchange tokens (403 without it).</summary>
    public static string RequireOrg(this ClaimsPrincipal user) =>
        user.Org() is { Length: > 0 } org
            ? org
            : throw new Errors.ProblemException(403, "org-missing", "The token has no org claim.",
                "University and exchange tokens must name their organisation in the 'org' claim.");
}
