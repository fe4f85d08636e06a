using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;

namespace RevenueSharing.Api.Domain;

/// <summary>
/// A university's reward policy version (services/RevenueSharing/README.md §4, §5): immutable once recorded; the version in force when a
/// deal concludes governs all of that deal's distributions. Version 0 is the platform default: the floor of the
/// university's jurisdiction, when it has no policy of its own.
/// </summary>
public sealed class Policy
{
    public const int DefaultPayoutDeadlineDays = 180;
    public const int MaxPayoutDeadlineDays = 1096; // 36 months (财税〔2018〕58号's payment window)
    public const int DefaultPublicityWorkingDays = 15;
    public const decimal MinSelfImplementationShare = 0.05m; // 上海市促进科技成果转化条例 Art. 34

    public required string UniversityId { get; init; }
    public int Version { get; init; }
    public decimal RewardShare { get; init; }
    public required RemainderSplit Remainder { get; init; }
    public int PayoutDeadlineDays { get; init; } = DefaultPayoutDeadlineDays;
    public int PublicityWorkingDays { get; init; } = DefaultPublicityWorkingDays;
    public decimal SelfImplementationShare { get; init; } = MinSelfImplementationShare;
    public DateOnly EffectiveFrom { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public static Policy PlatformDefault(string universityId, decimal floor) => new()
    {
        UniversityId = universityId, Version = 0, RewardShare = floor, Remainder = new RemainderSplit(0.5m, 0.3m, 0.2m),
    };
}

/// <summary>The policy body (services/RevenueSharing/README.md).</summary>
public sealed record PolicyRequest([property: Required] decimal? RewardShare, RemainderSplit? Remainder, int? PayoutDeadlineDays, int? PublicityWorkingDays,
    decimal? SelfImplementationShare, [property: Required] DateOnly? EffectiveFrom);

public static class PolicyRules
{
    /// <summary>
    /// The floor is applied again when the policy is used (README §4): a version saved under a lower floor, or before
    /// its university moved to a stricter jurisdiction, is raised to the floor in force.
    /// </summary>
    public static decimal RewardShareApplied(decimal policyShare, decimal floor) => Math.Max(policyShare, floor);

    /// <summary>What is wrong with the body on its own: 400 naming the fields.</summary>
    public static void Validate(PolicyRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) errors.Add("$", "A body is required.").ThrowIfAny();
        errors.Check(r!.RewardShare is > 0m and <= 1m, "rewardShare", "Required: greater than 0 and at most 1, e.g. \"0.70\".");
        if (r.Remainder is { } split)
        {
            errors.Check(split.Department >= 0 && split.University >= 0 && split.TransferOffice >= 0, "remainder", "Parts must not be negative.");
            errors.Check(split.Department + split.University + split.TransferOffice == 1m, "remainder", "department + university + transferOffice must be exactly 1.");
        }
        errors.Check(r.PayoutDeadlineDays is null or (>= 1 and <= Policy.MaxPayoutDeadlineDays), "payoutDeadlineDays",
            $"From 1 to {Policy.MaxPayoutDeadlineDays} days (36 months); default {Policy.DefaultPayoutDeadlineDays}.");
        errors.Check(r.PublicityWorkingDays is null or (>= Policy.DefaultPublicityWorkingDays and <= 60), "publicityWorkingDays",
            $"From {Policy.DefaultPublicityWorkingDays} (the platform's notice period) to 60 working days.");
        errors.Check(r.SelfImplementationShare is null or (> 0m and <= 1m), "selfImplementationShare", "Greater than 0 and at most 1.");
        errors.Check(r.EffectiveFrom is not null, "effectiveFrom", "Required: YYYY-MM-DD (Asia/Shanghai).");
        errors.ThrowIfAny();
    }

    /// <summary>The rules that need state: the jurisdiction's floor, the 5% self-implementation minimum, no backdating.</summary>
    public static void CheckAgainst(PolicyRequest r, decimal floor, string jurisdiction, DateOnly today)
    {
        if (r.RewardShare < floor)
            throw ProblemException.Rule("below-floor", "The reward share is below the floor of the university's jurisdiction.",
                $"rewardShare {r.RewardShare} is below {floor}, the floor of {jurisdiction} (RevenueSharing README §4).");
        if (r.SelfImplementationShare < Policy.MinSelfImplementationShare)
            throw ProblemException.Rule("below-floor", "The self-implementation share is below 5% of operating profit.",
                $"selfImplementationShare {r.SelfImplementationShare} is below {Policy.MinSelfImplementationShare} (上海市促进科技成果转化条例 Art. 34).");
        if (r.EffectiveFrom < today)
            throw ProblemException.Rule("policy-backdated", "A policy may not take effect before today.",
                $"effectiveFrom {r.EffectiveFrom:yyyy-MM-dd} is before {today:yyyy-MM-dd} (Asia/Shanghai).");
    }
}

/// <summary>A jurisdiction and its floor on the reward share: reference data, never a literal in code.</summary>
public sealed class Jurisdiction
{
    public required string Code { get; init; }
    public decimal Floor { get; set; }

    /// <summary>Every university is in this jurisdiction unless reference data places it elsewhere.</summary>
    public const string DefaultCode = "CN-SH";
    /// <summary>The national floor (促进科技成果转化法 Art. 45): no jurisdiction's floor goes below it.</summary>
    public const decimal NationalFloor = 0.50m;
}

/// <summary>Reference data placing a university in a jurisdiction other than the default.</summary>
public sealed class UniversityJurisdiction
{
    public required string UniversityId { get; init; }
    public required string JurisdictionCode { get; set; }
}
