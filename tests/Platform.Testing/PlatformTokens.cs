using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Platform.BuildingBlocks.Auth;

namespace Platform.Testing;

/// <summary>Issues platform tokens for the tests; ./platform token does the same in bash. Not shipped in any service.</summary>
public static class PlatformTokens
{
    public static string Create(byte[] key, string role, string? org = null, string? subject = null,
        TimeSpan? lifetime = null, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            [PlatformRoles.SubjectClaim] = subject ?? (org is null ? role : $"{role}:{org}"),
            [PlatformRoles.RoleClaim] = role,
        };
        if (org is not null) claims[PlatformRoles.OrgClaim] = org;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = PlatformRoles.Issuer,
            Audience = PlatformRoles.Audience,
            Claims = claims,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

}
