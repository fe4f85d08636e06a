using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

public static class IncomeApi
{
    public static IEndpointRouteBuilder MapIncomeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/receipts", RecordReceipt).WithTags("Income").RequireRoles(PlatformRoles.University, PlatformRoles.Exchange);
        app.MapPost("/api/costs", RecordCost).WithTags("Income").RequireAuthorization(PlatformRoles.University);
        return app;
    }

    public sealed record ReceiptView(Guid Id, Guid DealId, Money Amount, Money? WithholdingTax, Money GrossIncomeCny, decimal FxRate,
        DateTimeOffset ReceivedAt, ReceiptKind Kind, string Reference);

    public sealed record CostView(Guid Id, Guid DealId, CostCategory Category, Money Amount, Money AmountCny, decimal FxRate,
        DateTimeOffset IncurredAt, string? EvidenceRef);

    public static async Task<Created<ReceiptView>> RecordReceipt(ReceiptRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder, CancellationToken ct)
    {
        IncomeRequestRules.Validate(body);
        var r = await recorder.RecordReceiptAsync(body!, user, ct);
        return TypedResults.Created($"/api/receipts/{r.Id}", new ReceiptView(r.Id, r.DealId, new Money(r.Amount, r.Currency),
            r.WithholdingTax > 0 ? new Money(r.WithholdingTax, r.Currency) : null, Money.Cny(r.GrossCny), r.FxRate, r.ReceivedAt, r.Kind, r.Reference));
    }

    public static async Task<Created<CostView>> RecordCost(CostRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder, CancellationToken ct)
    {
        IncomeRequestRules.Validate(body);
        var c = await recorder.RecordCostAsync(body!, user, ct);
        return TypedResults.Created($"/api/costs/{c.Id}", new CostView(c.Id, c.DealId, c.Category, new Money(c.Amount, c.Currency),
            Money.Cny(c.AmountCny), c.FxRate, c.IncurredAt, c.EvidenceRef));
    }
}
