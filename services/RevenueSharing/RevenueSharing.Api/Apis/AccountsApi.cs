using System.Security.Claims;
using CrossBorder.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/revenue/deals/{dealId:guid}", GetAccount).WithTags("Accounts")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        return app;
    }

    public sealed record ContributorAccount(string PersonId, decimal Share, Money Amount, Money Paid, Money TaxableBase);

    public sealed record DealAccountView(
        Guid DealId, string UniversityId, string Status, IReadOnlyList<RegistrationSnapshot> Registrations, int PolicyVersion,
        Money GrossIncome, Money DirectCosts, Money NetIncome, decimal RewardShare, Money RewardPool, Money Distributed,
        IReadOnlyList<ContributorAccount> Contributors, bool Compliant, IReadOnlyList<FlagSnapshot> Flags);

    public static async Task<Ok<DealAccountView>> GetAccount(Guid dealId, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        // Another university's deal account is 404, so that its existence does not leak (api.md).
        if (account is null || !(user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId)))
            throw ProblemException.NotFound("Deal account");
        var totals = await DealTotals.LoadAsync(db, account, ct);
        var payouts = await db.Payouts.AsNoTracking().Where(p => p.DealId == dealId).ToListAsync(ct);
        var net = totals.NetIncome;
        var pool = Rounding.UpToMinorUnit(account.RewardShare * Math.Max(net, 0m), Currency.Cny);
        var contributors = account.Contributors.Select(c =>
        {
            var mine = payouts.Where(p => p.PersonId == c.PersonId).ToList();
            var amount = mine.Sum(p => p.Amount);
            // 财税〔2018〕58号's 50% base needs a publicity record, which this version cannot yet record: 100% counts.
            return new ContributorAccount(c.PersonId, c.Share, Money.Cny(amount),
                Money.Cny(mine.Where(p => p.Status == "paid").Sum(p => p.Amount)), Money.Cny(amount));
        }).ToList();
        // domain.md §7: compliant when distributed ≥ floor × net and no flag other than below_p10.
        var compliant = totals.Distributed >= account.Floor * Math.Max(net, 0m)
            && account.Flags.All(f => f.Code == "below_p10");
        return TypedResults.Ok(new DealAccountView(
            account.DealId, account.UniversityId, account.Status, account.Registrations, account.PolicyVersion,
            Money.Cny(totals.GrossIncome), Money.Cny(totals.DirectCosts), Money.Cny(net), account.RewardShare,
            Money.Cny(pool), Money.Cny(totals.Distributed), contributors, compliant, account.Flags));
    }
}
