using Microsoft.AspNetCore.Builder;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// Query parameters may not hold control characters (a NUL once reached PostgreSQL and came back as a 500): 400
/// naming each such parameter, before any endpoint runs.
/// </summary>
public static class QueryTextCheck
{
    private static readonly string[] ControlCharacters = ["Control characters are not accepted here."];

    public static WebApplication UseQueryTextCheck(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var bad = http.Request.Query.Where(q => FreeText.HasForbiddenControl(q.Key) || q.Value.Any(v => v is not null && FreeText.HasForbiddenControl(v)))
                .Select(q => FreeText.HasForbiddenControl(q.Key) ? "query" : q.Key).Distinct().ToList();
            if (bad.Count > 0)
                throw new RequestValidationException(bad.ToDictionary(k => k, _ => ControlCharacters));
            await next(http);
        });
        return app;
    }
}
