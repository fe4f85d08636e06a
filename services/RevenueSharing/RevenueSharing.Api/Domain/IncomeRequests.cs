using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace RevenueSharing.Api.Domain;

/// <summary>The receipt body (api.md).</summary>
public sealed record ReceiptRequest(Guid? DealId, Money? Amount, DateTimeOffset? ReceivedAt, ReceiptKind? Kind, Money? WithholdingTax, string? Reference);

/// <summary>The cost body (api.md).</summary>
public sealed record CostRequest(Guid? DealId, CostCategory? Category, Money? Amount, DateTimeOffset? IncurredAt, string? EvidenceRef);

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
