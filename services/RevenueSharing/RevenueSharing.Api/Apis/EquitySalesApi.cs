using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

/// <summary>Sales of reward shares and the tax they make due (services/RevenueSharing/README.md §5).</summary>
public static class EquitySalesApi
{
    public static IEndpointRouteBuilder MapEquitySalesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/revenue/deals/{dealId:guid}/equity-sales", RecordSale).WithTags("Accounts")
            .RequireAuthorization(PlatformRoles.University).Idempotent();
        app.MapGet("/api/revenue/deals/{dealId:guid}/equity-sales", ListSales).WithTags("Accounts")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        return app;
    }

    public sealed record EquitySaleView(Guid Id, Guid DealId, string PersonId, long Shares, Money Proceeds, Money TaxDue, decimal TaxRate,
        DateTimeOffset SoldAt, DateTimeOffset RecordedAt)
    {
        public static EquitySaleView From(EquitySale s) => new(s.Id, s.DealId, s.PersonId, s.Shares, Money.Cny(s.Proceeds), Money.Cny(s.TaxDue),
            EquitySale.TaxRate, s.SoldAt, s.RecordedAt);
    }

    public static async Task<Created<EquitySaleView>> RecordSale(Guid dealId, EquitySaleRequest? body, ClaimsPrincipal user, RevenueDbContext db,
        Ledger ledger, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        new ValidationErrors()
            .Check(!string.IsNullOrWhiteSpace(body?.PersonId), "personId", "Required: the contributor who sold.")
            .Check(body?.Shares is > 0, "shares", "Required: a positive whole number of reward shares.")
            .Check(body?.Proceeds is { Currency: Currency.Cny, Amount: >= 0 }, "proceeds", "Required: what the shares sold for, in CNY.")
            .Check(body?.SoldAt is not null && body.SoldAt <= now + PayoutRules.ClockSkew, "soldAt", "Required, not in the future.")
            .ThrowIfAny();
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        if (account is null || !user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Deal account");

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await ledger.LockHeadAsync(ct); // serialises sales: the shares left are read under the lock
        var personId = body!.PersonId!.Trim();
        var grant = await db.EquityGrants.AsNoTracking().SingleOrDefaultAsync(g => g.DealId == dealId && g.PersonId == personId && !g.Withheld, ct)
            ?? throw ProblemException.Rule("no-reward-shares", "The person holds no reward shares of this deal.",
                $"{personId} was granted no shares of deal {dealId}.");
        if (body.SoldAt < grant.GrantedAt - PayoutRules.ClockSkew)
            throw ProblemException.Rule("sold-before-grant", "Shares cannot be sold before they were granted.", $"Granted {grant.GrantedAt:O}.");
        var sold = await db.EquitySales.Where(s => s.GrantId == grant.Id).SumAsync(s => (long?)s.Shares, ct) ?? 0;
        if (body.Shares > grant.Shares - sold)
            throw ProblemException.Rule("more-than-granted", "More shares than the person still holds from the grant.",
                $"Granted {grant.Shares}, sold {sold} already: at most {grant.Shares - sold} left.");

        var sale = new EquitySale
        {
            Id = Guid.CreateVersion7(now), DealId = dealId, GrantId = grant.Id, PersonId = personId, Shares = body.Shares!.Value,
            Proceeds = body.Proceeds!.Value.Amount, TaxDue = EquitySale.TaxOn(body.Proceeds.Value.Amount), SoldAt = body.SoldAt!.Value, RecordedAt = now,
        };
        db.EquitySales.Add(sale);
        await ledger.AppendAsync(
        [
            new(dealId, LedgerKinds.EquitySale, sale.Shares, personId, "equity_sale", sale.Id) { Currency = LedgerKinds.SharesUnit },
            new(dealId, LedgerKinds.EquitySaleTax, sale.TaxDue, personId, "equity_sale", sale.Id),
        ], ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/revenue/deals/{dealId}/equity-sales", EquitySaleView.From(sale));
    }

    public static async Task<Ok<IReadOnlyList<EquitySaleView>>> ListSales(Guid dealId, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        if (account is null || !(user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId)))
            throw ProblemException.NotFound("Deal account");
        var sales = await db.EquitySales.AsNoTracking().Where(s => s.DealId == dealId).OrderBy(s => s.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<EquitySaleView>>(sales.Select(EquitySaleView.From).ToList());
    }
}
