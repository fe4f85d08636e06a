using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Api.Domain;

/// <summary>The receipt body (services/RevenueSharing/README.md).</summary>
public sealed record ReceiptRequest([property: Required] Guid? DealId, [property: Required] Money? Amount, [property: Required] DateTimeOffset? ReceivedAt, [property: Required] ReceiptKind? Kind, Money? WithholdingTax, [property: Required] string? Reference);

/// <summary>The cost body (services/RevenueSharing/README.md).</summary>
public sealed record CostRequest([property: Required] Guid? DealId, [property: Required] CostCategory? Category, [property: Required] Money? Amount, [property: Required] DateTimeOffset? IncurredAt, string? EvidenceRef);

public static class IncomeRequestRules
{
    public static void Validate(ReceiptRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) errors.Add("$", "A body is required.").ThrowIfAny();
        errors.Check(r!.DealId is not null && r.DealId != Guid.Empty, "dealId", "Required.");
        errors.Check(r.Amount is { Amount: > 0 }, "amount", "Required and positive: what actually arrived.");
        errors.Check(r.ReceivedAt is not null, "receivedAt", "Required: ISO 8601 with offset.");
        errors.Check(r.Kind is not null, "kind", "Required: upfront, milestone or royalty.");
        errors.Check(r.WithholdingTax is null || r.WithholdingTax.Value.Amount >= 0, "withholdingTax", "Must not be negative.");
        errors.Check(r.WithholdingTax is null || r.Amount is null || r.WithholdingTax.Value.Currency == r.Amount.Value.Currency,
            "withholdingTax", "Must be in the receipt's currency.");
        errors.Check(!string.IsNullOrWhiteSpace(r.Reference) && r.Reference.Length <= 100, "reference", "Required: the bank's reference, at most 100 characters.");
        errors.ThrowIfAny();
    }

    public static void Validate(CostRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) errors.Add("$", "A body is required.").ThrowIfAny();
        errors.Check(r!.DealId is not null && r.DealId != Guid.Empty, "dealId", "Required.");
        errors.Check(r.Category is not null, "category",
            "Required: related_tax, maintenance, appraisal, authentication, exchange_fee, negotiation or legal.");
        errors.Check(r.Amount is { Amount: > 0 }, "amount", "Required and positive.");
        errors.Check(r.IncurredAt is not null, "incurredAt", "Required: ISO 8601 with offset.");
        errors.Check(r.EvidenceRef is null || r.EvidenceRef.Length <= 200, "evidenceRef", "At most 200 characters.");
        errors.ThrowIfAny();
    }
}

/// <summary>The rules of a receipt's date that need the deal (README §3).</summary>
public static class IncomeRules
{
    /// <summary>How far a client's or another service's clock may differ from ours.</summary>
    public static readonly TimeSpan ClockSkew = PayoutRules.ClockSkew;

    /// <summary>
    /// Money arrives between the deal's conclusion and now: a receipt dated in the future or before the deal would move
    /// payout due dates and the 36-month window. Both instants get the clock-skew tolerance.
    /// </summary>
    public static void CheckReceivedAt(DateTimeOffset receivedAt, DateTimeOffset concludedAt, DateTimeOffset now)
    {
        if (receivedAt > now + ClockSkew)
            throw ProblemException.Rule("received-in-future", "A receipt cannot be dated in the future.",
                $"receivedAt {receivedAt:O} is after now ({now:O}, tolerance {ClockSkew.TotalMinutes:0} minutes).");
        if (receivedAt < concludedAt - ClockSkew)
            throw ProblemException.Rule("received-before-conclusion", "A receipt cannot be dated before the deal concluded.",
                $"receivedAt {receivedAt:O} is before the deal concluded ({concludedAt:O}, tolerance {ClockSkew.TotalMinutes:0} minutes).");
    }
}
