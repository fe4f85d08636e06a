namespace Platform.BuildingBlocks.Auth;

/// <summary>The four roles of README.md (Actors, API conventions) and the claims that carry them.</summary>
public static class PlatformRoles
{
    public const string University = "university";
    public const string Exchange = "exchange";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly string[] All = [University, Exchange, Auditor, Admin];

    public const string RoleClaim = "role";
    public const string OrgClaim = "org";
    public const string SubjectClaim = "sub";

    public const string Issuer = "tech-transfer-platform";
    public const string Audience = "platform-api";
}
