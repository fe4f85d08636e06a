using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Tenants;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Contracts;

namespace RevenueSharing.Api.Apis;

/// <summary>Reward policies per university (versioned, immutable) and the jurisdictions whose floors bound them.</summary>
public static class PoliciesApi
{
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/policies/{university}", GetPolicy).WithTags("Policies");
        app.MapPut("/api/policies/{university}", AddPolicyVersion).WithTags("Policies").RequireRoles(PlatformRoles.Admin, PlatformRoles.University);
        app.MapGet("/api/jurisdictions", GetJurisdictions).WithTags("Policies");
        app.MapPut("/api/jurisdictions/{code}", SetJurisdiction).WithTags("Policies").RequireAuthorization(PlatformRoles.Admin);
        app.MapPut("/api/universities/{code}/jurisdiction", PlaceUniversity).WithTags("Policies").RequireAuthorization(PlatformRoles.Admin);
        return app;
    }

    /// <summary>
    /// A version as stored, with the jurisdiction's floor now: <c>inForce</c> is false for a version whose reward share
    /// has fallen below the floor since it was saved, and <c>rewardShareApplied</c> is what a deal concluding now uses.
    /// </summary>
    public sealed record PolicyView(string UniversityId, int Version, decimal RewardShare, decimal RewardShareApplied, bool InForce,
        string? NotInForceReason, RemainderSplit Remainder, int PayoutDeadlineDays, int PublicityWorkingDays, decimal SelfImplementationShare,
        DateOnly? EffectiveFrom, string Jurisdiction, decimal Floor)
    {
        public static PolicyView From(Policy p, Jurisdiction j)
        {
            var inForce = p.RewardShare >= j.Floor;
            return new(p.UniversityId, p.Version, p.RewardShare, PolicyRules.RewardShareApplied(p.RewardShare, j.Floor), inForce,
                inForce ? null : $"rewardShare {p.RewardShare} is below {j.Floor}, the floor of {j.Code} now: deals use the floor.",
                p.Remainder, p.PayoutDeadlineDays, p.PublicityWorkingDays, p.SelfImplementationShare, p.Version == 0 ? null : p.EffectiveFrom, j.Code, j.Floor);
        }
    }

    public sealed record PolicyPage(PolicyView Current, IReadOnlyList<PolicyView> Versions);

    public sealed record JurisdictionView(string Code, decimal Floor);

    public sealed record FloorRequest([property: Required] decimal? Floor);

    public sealed record PlacementRequest([property: Required] string? Jurisdiction);

    /// <summary>The policy in force today (version 0: the platform default at the floor) and every version.</summary>
    public static async Task<Ok<PolicyPage>> GetPolicy(string university, RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var jurisdiction = await Policies.JurisdictionOfAsync(db, university, ct);
        var current = (await Policies.InForceAsync(db, university, clock.GetUtcNow(), ct)).Policy;
        var versions = await db.Policies.AsNoTracking().Where(p => p.UniversityId == university).OrderBy(p => p.Version).ToListAsync(ct);
        return TypedResults.Ok(new PolicyPage(PolicyView.From(current, jurisdiction), versions.Select(v => PolicyView.From(v, jurisdiction)).ToList()));
    }

    /// <summary>Adds a version (never changes one): at or above the jurisdiction's floor, not backdated.</summary>
    public static async Task<Ok<PolicyView>> AddPolicyVersion(string university, PolicyRequest? body, ClaimsPrincipal user,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!user.IsInRole(PlatformRoles.Admin) && !user.IsUniversity(university))
            throw ProblemException.Forbidden("A university sets only its own policy.");
        PolicyRules.Validate(body);
        var jurisdiction = await Policies.JurisdictionOfAsync(db, university, ct);
        var now = clock.GetUtcNow();
        PolicyRules.CheckAgainst(body!, jurisdiction.Floor, jurisdiction.Code, ShanghaiDate.Of(now));

        var version = (await db.Policies.Where(p => p.UniversityId == university).MaxAsync(p => (int?)p.Version, ct) ?? 0) + 1;
        var policy = new Policy
        {
            UniversityId = university, Version = version, RewardShare = body!.RewardShare!.Value,
            Remainder = body.Remainder ?? new RemainderSplit(0.5m, 0.3m, 0.2m),
            PayoutDeadlineDays = body.PayoutDeadlineDays ?? Policy.DefaultPayoutDeadlineDays,
            PublicityWorkingDays = body.PublicityWorkingDays ?? Policy.DefaultPublicityWorkingDays,
            SelfImplementationShare = body.SelfImplementationShare ?? Policy.MinSelfImplementationShare,
            EffectiveFrom = body.EffectiveFrom!.Value, CreatedAt = now,
        };
        db.Policies.Add(policy);
        db.AddEvent(new PolicyUpdated
        {
            OccurredAt = now, UniversityId = university, Version = version, RewardShare = policy.RewardShare,
            PublicityWorkingDays = policy.PublicityWorkingDays, EffectiveFrom = policy.EffectiveFrom,
        }, clock);
        await db.SaveChangesAsync(ct); // (university, version) is the key: two racing versions cannot share a number
        return TypedResults.Ok(PolicyView.From(policy, jurisdiction));
    }

    public static async Task<Ok<IReadOnlyList<JurisdictionView>>> GetJurisdictions(RevenueDbContext db, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<JurisdictionView>>(await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code)
            .Select(j => new JurisdictionView(j.Code, j.Floor)).ToListAsync(ct));

    public static async Task<Ok<JurisdictionView>> SetJurisdiction(string code, FloorRequest? body, RevenueDbContext db, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(code.Length is >= 2 and <= 16, "code", "2 to 16 characters, e.g. CN-SH.")
            .Check(body?.Floor is >= Jurisdiction.NationalFloor and <= 1m, "floor", $"From {Jurisdiction.NationalFloor} (the national floor) to 1.")
            .ThrowIfAny();
        var jurisdiction = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Code == code, ct);
        if (jurisdiction is null) db.Jurisdictions.Add(jurisdiction = new Jurisdiction { Code = code });
        jurisdiction.Floor = body!.Floor!.Value;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new JurisdictionView(jurisdiction.Code, jurisdiction.Floor));
    }

    public static async Task<Ok<JurisdictionView>> PlaceUniversity(string code, PlacementRequest? body, RevenueDbContext db, CancellationToken ct)
    {
        var target = body?.Jurisdiction is { } j ? await db.Jurisdictions.SingleOrDefaultAsync(x => x.Code == j, ct) : null;
        if (target is null)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["jurisdiction"] = ["A known jurisdiction code, e.g. CN-SH."] });
        if (!await db.Set<RegisteredTenant>().AnyAsync(t => t.Role == PlatformRoles.University && t.Org == code, ct))
            throw ProblemException.Rule("university-not-registered", "Only a registered university is placed in a jurisdiction.",
                $"Register '{code}' first with PUT /api/universities/{code}.");
        var placement = await db.UniversityJurisdictions.SingleOrDefaultAsync(u => u.UniversityId == code, ct);
        if (placement is null) db.UniversityJurisdictions.Add(new UniversityJurisdiction { UniversityId = code, JurisdictionCode = target.Code });
        else placement.JurisdictionCode = target.Code;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new JurisdictionView(target.Code, target.Floor));
    }
}
