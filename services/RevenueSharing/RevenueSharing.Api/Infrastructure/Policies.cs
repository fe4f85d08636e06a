using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>Which jurisdiction, floor and policy apply to a university on a date.</summary>
public static class Policies
{
    public static async Task<Jurisdiction> JurisdictionOfAsync(RevenueDbContext db, string universityId, CancellationToken ct)
    {
        var code = await db.UniversityJurisdictions.Where(u => u.UniversityId == universityId).Select(u => u.JurisdictionCode)
            .SingleOrDefaultAsync(ct) ?? Jurisdiction.DefaultCode;
        return await db.Jurisdictions.SingleAsync(j => j.Code == code, ct);
    }

    /// <summary>The newest version effective on the date, else the platform default at the jurisdiction's floor.</summary>
    public static async Task<(Policy Policy, decimal Floor)> InForceAsync(RevenueDbContext db, string universityId, DateOnly date, CancellationToken ct)
    {
        var jurisdiction = await JurisdictionOfAsync(db, universityId, ct);
        var policy = await db.Policies.AsNoTracking().Where(p => p.UniversityId == universityId && p.EffectiveFrom <= date)
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        return (policy ?? Policy.PlatformDefault(universityId, jurisdiction.Floor), jurisdiction.Floor);
    }
}
