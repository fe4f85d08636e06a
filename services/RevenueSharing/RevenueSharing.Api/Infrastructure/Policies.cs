using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>Which jurisdiction, floor and policy apply to a university at an instant.</summary>
public static class Policies
{
    public static async Task<Jurisdiction> JurisdictionOfAsync(RevenueDbContext db, string universityId, CancellationToken ct)
    {
        var code = await db.UniversityJurisdictions.Where(u => u.UniversityId == universityId).Select(u => u.JurisdictionCode)
            .SingleOrDefaultAsync(ct) ?? Jurisdiction.DefaultCode;
        return await db.Jurisdictions.SingleAsync(j => j.Code == code, ct);
    }

    /// <summary>
    /// The policy in force at an instant (RevenueSharing README §4): the newest version that had both taken effect
    /// (00:00 Asia/Shanghai of its effectiveFrom) and been recorded by then, else the platform default at the floor;
    /// with the floor in force now, which the reward share used never goes below.
    /// </summary>
    public static async Task<PolicyInForce> InForceAsync(RevenueDbContext db, string universityId, DateTimeOffset at, CancellationToken ct)
    {
        var jurisdiction = await JurisdictionOfAsync(db, universityId, ct);
        var date = ShanghaiDate.Of(at);
        var policy = await db.Policies.AsNoTracking()
            .Where(p => p.UniversityId == universityId && p.EffectiveFrom <= date && p.CreatedAt <= at)
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Version).FirstOrDefaultAsync(ct);
        return new PolicyInForce(policy ?? Policy.PlatformDefault(universityId, jurisdiction.Floor), jurisdiction);
    }
}

/// <summary>A policy version with the jurisdiction whose floor bounds it at the time of use.</summary>
public sealed record PolicyInForce(Policy Policy, Jurisdiction Jurisdiction)
{
    public decimal Floor => Jurisdiction.Floor;

    /// <summary>max(policy, floor): a university moved to a stricter jurisdiction, or a raised floor, never leaves a deal below it.</summary>
    public decimal RewardShare => PolicyRules.RewardShareApplied(Policy.RewardShare, Floor);

    /// <summary>False when the version has fallen below its floor since it was saved: the floor governs instead.</summary>
    public bool RewardShareInForce => Policy.RewardShare >= Floor;
}
