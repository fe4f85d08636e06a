using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using RevenueSharing.Api.Application;
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

    public static async Task<Ok<DealAccountView>> GetAccount(Guid dealId, ClaimsPrincipal user, RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        // Another university's deal account is 404, so that its existence does not leak (README.md API conventions).
        if (account is null || !(user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId)))
            throw ProblemException.NotFound("Deal account");
        return TypedResults.Ok(await DealAccountViews.BuildAsync(db, account, clock.GetUtcNow(), ct));
    }
}
