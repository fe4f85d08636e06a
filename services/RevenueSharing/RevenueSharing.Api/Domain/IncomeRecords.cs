using System.ComponentModel.DataAnnotations;
namespace RevenueSharing.Api.Domain;

public enum ReceiptKind { Upfront, Milestone, Royalty }

/// <summary>Income received for a deal. Amount is what arrived; gross income adds the withholding kept back abroad.</summary>
public sealed class Receipt
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public decimal WithholdingTax { get; init; }
    /// <summary>CNY per unit of Currency, as used for this entry (1 for CNY).</summary>
    public decimal FxRate { get; init; }
    public decimal AmountCny { get; init; }
    public decimal WithholdingCny { get; init; }
    public decimal CoOwnerCny { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public ReceiptKind Kind { get; init; }
    public required string Reference { get; init; }
    public required string RecordedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>A reversal (negative amounts) names the receipt it corrects; receipts are never changed or deleted.</summary>
    public Guid? ReversesId { get; init; }
    public string? ReversalReason { get; init; }

    public decimal GrossCny => AmountCny + WithholdingCny;
}

/// <summary>A direct cost of a deal (services/RevenueSharing/README.md §3).</summary>
public sealed class Cost
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public CostCategory Category { get; init; }
    public decimal Amount { get; init; }
    public required string Currency { get; init; }
    public decimal FxRate { get; init; }
    public decimal AmountCny { get; init; }
    public DateTimeOffset IncurredAt { get; init; }
    public string? EvidenceRef { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>A reversal (negative amounts) names the cost it corrects; costs are never changed or deleted.</summary>
    public Guid? ReversesId { get; init; }
    public string? ReversalReason { get; init; }
}

/// <summary>One cash distribution, made for one receipt, under the deal's policy version.</summary>
public sealed class Distribution
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public Guid ReceiptId { get; init; }
    public int PolicyVersion { get; init; }
    public decimal RewardShare { get; init; }
    public decimal NetIncome { get; init; }
    public decimal Target { get; init; }
    public decimal Pool { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}


/// <summary>Why a receipt or cost is reversed: recorded with the reversal, for the auditor.</summary>
public sealed record ReversalRequest([property: Required] string? Reason)
{
    public static void Validate(ReversalRequest? r) =>
        new Platform.BuildingBlocks.Errors.ValidationErrors()
            .Check(r?.Reason is { } reason && !string.IsNullOrWhiteSpace(reason) && reason.Length <= 500, "reason",
                "Required: why the record is wrong, at most 500 characters.")
            .ThrowIfAny();
}
