using CrossBorder.Contracts;
using Platform.BuildingBlocks.Errors;

namespace CrossBorder.Api.Domain;

public enum RegistrationKind { TechContract, ExportContract }

/// <summary>The registration body (services/CrossBorder/README.md).</summary>
public sealed record RegistrationRequest(RegistrationKind? Kind, string? Number, DateTimeOffset? RegisteredAt);

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

    /// <summary>Records (or replaces) the registration of its kind and returns the deal's flags after it.</summary>
    public static void Apply(Deal deal, RegistrationRequest r, DateTimeOffset now)
    {
        if (deal.Status != DealStatus.Concluded)
            throw ProblemException.Rule("deal-not-concluded", "Only a concluded deal is registered.", $"The deal is {deal.Status}.");
        if (r.Kind == RegistrationKind.ExportContract && !deal.CrossBorder)
            throw ProblemException.Rule("registration-not-applicable", "An export contract registration is for a cross-border deal.",
                "The buyer is in CN: register the technology contract (tech_contract) instead.");
        var kind = r.Kind == RegistrationKind.TechContract ? "tech_contract" : "export_contract";
        deal.Registrations = deal.Registrations.Where(x => x.Kind != kind)
            .Append(new RegistrationSnapshot { Kind = kind, Number = r.Number!.Trim(), RegisteredAt = r.RegisteredAt!.Value })
            .ToList();
        var effective = deal.ContractEffectiveAt ?? deal.ConcludedAt ?? now;
        var late = kind == "export_contract" && r.RegisteredAt!.Value > effective.AddDays(ExportRegistrationDueDays);
        deal.Flags = deal.Flags.Where(f => f.Code != LateFlag || kind != "export_contract")
            .Concat(late ? [new FlagSnapshot { Code = LateFlag, Detail = $"Export contract registered {r.RegisteredAt:yyyy-MM-dd}, more than {ExportRegistrationDueDays} days after the contract took effect ({effective:yyyy-MM-dd})." }] : [])
            .ToList();
        deal.Version++;
    }
}
