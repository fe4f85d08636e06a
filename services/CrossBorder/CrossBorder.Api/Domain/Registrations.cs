using System.ComponentModel.DataAnnotations;
using CrossBorder.Contracts;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Time;

namespace CrossBorder.Api.Domain;

public enum RegistrationKind { TechContract, ExportContract }

/// <summary>The registration body (services/CrossBorder/README.md).</summary>
public sealed record RegistrationRequest([property: Required] RegistrationKind? Kind, [property: Required] string? Number, [property: Required] DateTimeOffset? RegisteredAt);

/// <summary>
/// Contract registrations of a deal (services/CrossBorder/README.md §6): tech_contract (技术合同认定登记, domestic, for the 50% tax base)
/// and export_contract (技术进出口合同登记) for a cross-border deal, due within 60 days of the contract taking
/// effect (the conclusion unless the deal gives contractEffectiveAt): later is flagged registration_late.
/// </summary>
public static class Registrations
{
    public const int ExportRegistrationDueDays = 60;
    public const string LateFlag = "registration_late";

    public static void Validate(RegistrationRequest? r) =>
        new ValidationErrors()
            .Check(r?.Kind is not null, "kind", "Required: tech_contract or export_contract.")
            .Check(r?.Number is { Length: > 0 and <= 100 }, "number", "Required, at most 100 characters.")
            .Check(r?.RegisteredAt is not null, "registeredAt", "Required: ISO 8601 with offset.")
            .ThrowIfAny();

    /// <summary>
    /// Records a registration once; a second one of the same kind is a correction, kept as a new version beside the
    /// first (README §6). registration_late compares Shanghai dates (day 60 is on time, whatever its hour) and is
    /// never cleared: not by a correction with an earlier date either.
    /// </summary>
    /// <returns>False when the request repeats the latest registration of its kind (a client's retry): nothing changes.</returns>
    public static bool Apply(Deal deal, RegistrationRequest r, DateTimeOffset now)
    {
        if (deal.Status != DealStatus.Concluded)
            throw ProblemException.Rule("deal-not-concluded", "Only a concluded deal is registered.", $"The deal is {deal.Status}.");
        if (r.Kind == RegistrationKind.ExportContract && !deal.CrossBorder)
            throw ProblemException.Rule("registration-not-applicable", "An export contract registration is for a cross-border deal.",
                "The buyer is in CN: register the technology contract (tech_contract) instead.");
        if (r.RegisteredAt > now + ClockSkew)
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["registeredAt"] = [$"Not in the future: a registration is recorded once made (tolerance {ClockSkew.TotalMinutes:0} minutes)."],
            });
        var kind = r.Kind == RegistrationKind.TechContract ? "tech_contract" : "export_contract";
        if (IsRepeat(deal, kind, r)) return false;
        var version = deal.Registrations.Count(x => x.Kind == kind) + 1;
        deal.Registrations = [.. deal.Registrations,
            new RegistrationSnapshot { Kind = kind, Number = r.Number!.Trim(), RegisteredAt = r.RegisteredAt!.Value, Version = version }];
        if (kind == "export_contract" && IsLate(deal, ShanghaiDate.Of(r.RegisteredAt!.Value)) && !deal.Flags.Any(f => f.Code == LateFlag))
            deal.Flags = [.. deal.Flags, new FlagSnapshot
            {
                Code = LateFlag,
                Detail = $"Export contract registered {ShanghaiDate.Of(r.RegisteredAt!.Value):yyyy-MM-dd}, more than {ExportRegistrationDueDays} days after the contract took effect ({EffectiveDate(deal):yyyy-MM-dd}).",
            }];
        deal.Version++;
        return true;
    }

    private static bool IsRepeat(Deal deal, string kind, RegistrationRequest r) =>
        deal.Registrations.LastOrDefault(x => x.Kind == kind) is { } latest
        && latest.Number == r.Number!.Trim() && latest.RegisteredAt == r.RegisteredAt!.Value;

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The Shanghai date the contract took effect: contractEffectiveAt, else the conclusion.</summary>
    public static DateOnly EffectiveDate(Deal deal) => ShanghaiDate.Of(deal.ContractEffectiveAt ?? deal.ConcludedAt ?? deal.CreatedAt);

    /// <summary>Day 60 after the effective date is the last day on time.</summary>
    public static bool IsLate(Deal deal, DateOnly registeredOn) => registeredOn > EffectiveDate(deal).AddDays(ExportRegistrationDueDays);

    /// <summary>A cross-border deal of free technology needs its export contract registered (restricted: the licence counts as registration).</summary>
    public static bool NeedsExportRegistration(Deal deal) => deal.Status == DealStatus.Concluded && deal.CrossBorder && deal.ExportClass == "free";

    /// <summary>
    /// The daily check: a deal that needs its export registration and still has none after day 60 is flagged
    /// registration_late (once). Returns whether it raised the flag.
    /// </summary>
    public static bool FlagIfOverdue(Deal deal, DateTimeOffset now)
    {
        if (!NeedsExportRegistration(deal) || deal.Registrations.Any(x => x.Kind == "export_contract")
            || deal.Flags.Any(f => f.Code == LateFlag) || !IsLate(deal, ShanghaiDate.Of(now)))
            return false;
        deal.Flags = [.. deal.Flags, new FlagSnapshot
        {
            Code = LateFlag,
            Detail = $"No export contract registration {ExportRegistrationDueDays} days after the contract took effect ({EffectiveDate(deal):yyyy-MM-dd}).",
        }];
        deal.Version++;
        return true;
    }
}
