using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Tenants;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Apis;

/// <summary>
/// The register of universities (README.md, Security: registered tenants). Revenue-sharing owns it beside each
/// university's jurisdiction; every service keeps a copy from the tenant.registered event, and a university token whose org is
/// not on the register is refused everywhere.
/// </summary>
public static class UniversitiesApi
{
    public static IEndpointRouteBuilder MapUniversitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/universities").WithTags("Universities");
        api.MapGet("/", GetUniversities);
        api.MapPut("/{code}", RegisterUniversity).RequireAuthorization(PlatformRoles.Admin);
        return app;
    }

    public sealed record UniversityView(string Code, string Name, DateTimeOffset RegisteredAt);

    public sealed record UniversityRequest([property: Required] string? Name);

    public static async Task<Ok<IReadOnlyList<UniversityView>>> GetUniversities(RevenueDbContext db, CancellationToken ct)
    {
        var universities = await db.Set<RegisteredTenant>().AsNoTracking()
            .Where(t => t.Role == PlatformRoles.University)
            .OrderBy(t => t.Org)
            .Select(t => new UniversityView(t.Org, t.Name, t.RegisteredAt))
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<UniversityView>>(universities);
    }

    /// <summary>Registers a university, or renames one (201 when new, 200 when it was registered).</summary>
    public static async Task<Results<Created<UniversityView>, Ok<UniversityView>>> RegisterUniversity(string code, UniversityRequest? body,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(PlatformAuthentication.OrgCode().IsMatch(code), "code",
                "1 to 64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit (the org of its tokens).")
            .Check(body?.Name is { Length: > 0 and <= 300 } name && name.Trim() == name, "name",
                "Required, at most 300 characters, no leading or trailing space.")
            .ThrowIfAny();
        var registration = new TenantRegistered(PlatformRoles.University, code, body!.Name!, clock.GetUtcNow());
        var view = new UniversityView(code, registration.Name, registration.RegisteredAt);
        return await TenantRegistration.RegisterAndPublishAsync(db, registration, clock, ct)
            ? TypedResults.Created($"/api/universities/{code}", view)
            : TypedResults.Ok(view);
    }
}
