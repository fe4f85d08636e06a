using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

public static class IncomeApi
{
    public static IEndpointRouteBuilder MapIncomeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/receipts", RecordReceipt).WithTags("Income").RequireRoles(PlatformRoles.University, PlatformRoles.Exchange).Idempotent();
        app.MapPost("/api/costs", RecordCost).WithTags("Income").RequireAuthorization(PlatformRoles.University).Idempotent();
        // Added beside the contract (services/RevenueSharing/README.md) so that the Location of a created receipt or cost answers.
        app.MapGet("/api/receipts/{id:guid}", GetReceipt).WithTags("Income")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Exchange, PlatformRoles.Auditor);
        app.MapGet("/api/costs/{id:guid}", GetCost).WithTags("Income").RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        // Receipts and costs are append-only: a mistake is corrected by a reversal with a reason, never by a change.
        app.MapPost("/api/receipts/{id:guid}/reversal", ReverseReceipt).WithTags("Income").RequireAuthorization(PlatformRoles.University).Idempotent();
        app.MapPost("/api/costs/{id:guid}/reversal", ReverseCost).WithTags("Income").RequireAuthorization(PlatformRoles.University).Idempotent();
        return app;
    }

    public sealed record ReceiptView(Guid Id, Guid DealId, Money Amount, Money? WithholdingTax, Money GrossIncomeCny, decimal FxRate,
        DateTimeOffset ReceivedAt, ReceiptKind Kind, string Reference, Guid? ReversesId, string? ReversalReason);

    public sealed record CostView(Guid Id, Guid DealId, CostCategory Category, Money Amount, Money AmountCny, decimal FxRate,
        DateTimeOffset IncurredAt, string? EvidenceRef, Guid? ReversesId, string? ReversalReason);

    private static ReceiptView View(Receipt r) => new(r.Id, r.DealId, new Money(r.Amount, r.Currency),
        r.WithholdingTax != 0 ? new Money(r.WithholdingTax, r.Currency) : null, Money.Cny(r.GrossCny), r.FxRate, r.ReceivedAt, r.Kind, r.Reference,
        r.ReversesId, r.ReversalReason);

    private static CostView View(Cost c) => new(c.Id, c.DealId, c.Category, new Money(c.Amount, c.Currency),
        Money.Cny(c.AmountCny), c.FxRate, c.IncurredAt, c.EvidenceRef, c.ReversesId, c.ReversalReason);

    public static async Task<Created<ReceiptView>> ReverseReceipt(Guid id, ReversalRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder,
        CancellationToken ct)
    {
        ReversalRequest.Validate(body);
        var r = await recorder.ReverseReceiptAsync(id, body!, user, ct);
        return TypedResults.Created($"/api/receipts/{r.Id}", View(r));
    }

    public static async Task<Created<CostView>> ReverseCost(Guid id, ReversalRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder,
        CancellationToken ct)
    {
        ReversalRequest.Validate(body);
        var c = await recorder.ReverseCostAsync(id, body!, user, ct);
        return TypedResults.Created($"/api/costs/{c.Id}", View(c));
    }

    /// <summary>Another tenant's record is 404, so that its existence does not leak.</summary>
    private static async Task<DealAccount> VisibleAccountAsync(RevenueDbContext db, Guid dealId, ClaimsPrincipal user, bool exchangeMaySee, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        var visible = account is not null && (user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId)
            || (exchangeMaySee && user.IsExchange(account.Exchange)));
        return visible ? account! : throw ProblemException.NotFound("Record");
    }

    public static async Task<Ok<ReceiptView>> GetReceipt(Guid id, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        var receipt = await db.Receipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw ProblemException.NotFound("Receipt");
        await VisibleAccountAsync(db, receipt.DealId, user, exchangeMaySee: true, ct);
        return TypedResults.Ok(View(receipt));
    }

    public static async Task<Ok<CostView>> GetCost(Guid id, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        var cost = await db.Costs.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw ProblemException.NotFound("Cost");
        await VisibleAccountAsync(db, cost.DealId, user, exchangeMaySee: false, ct);
        return TypedResults.Ok(View(cost));
    }

    public static async Task<Created<ReceiptView>> RecordReceipt(ReceiptRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder, CancellationToken ct)
    {
        IncomeRequestRules.Validate(body);
        var r = await recorder.RecordReceiptAsync(body!, user, ct);
        return TypedResults.Created($"/api/receipts/{r.Id}", View(r));
    }

    public static async Task<Created<CostView>> RecordCost(CostRequest? body, ClaimsPrincipal user, ReceiptRecorder recorder, CancellationToken ct)
    {
        IncomeRequestRules.Validate(body);
        var c = await recorder.RecordCostAsync(body!, user, ct);
        return TypedResults.Created($"/api/costs/{c.Id}", View(c));
    }
}
