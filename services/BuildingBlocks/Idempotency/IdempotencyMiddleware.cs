using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Idempotency;

/// <summary>Marks a creating endpoint as accepting Idempotency-Key.</summary>
public sealed class IdempotentAttribute : Attribute;

/// <summary>
/// Idempotency-Key on creating POSTs (api.md), for every service: the same key and body from the same caller on
/// the same route within 24 h replays the first answer and creates nothing; the same key with another body is
/// 422 idempotency-key-reused; while the first request still runs, 409. The key row is claimed before the
/// handler runs (a unique key), so two concurrent requests create one resource. Only successful answers are
/// kept: a refused request (400, 409, 422 ...) frees its key, so a retry after the cause is fixed can succeed.
/// </summary>
public sealed class IdempotencyMiddleware<TDbContext>(RequestDelegate next) where TDbContext : DbContext
{
    public const string Header = "Idempotency-Key";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    /// <summary>A claim older than this whose request never finished (a crash) is taken over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http, TDbContext db, TimeProvider clock)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || !HttpMethods.IsPost(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null)
        {
            await next(http);
            return;
        }
        if (key.Length > 200)
            throw new RequestValidationException(new Dictionary<string, string[]> { [Header] = ["At most 200 characters."] });

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.ToString();
        var user = http.User;
        var scope = $"{user.Role()}:{user.Org()}:{user.FindFirst(PlatformRoles.SubjectClaim)?.Value} POST {route}";
        var hash = await HashBodyAsync(http.Request);
        var set = db.Set<IdempotencyRecord>();
        var now = clock.GetUtcNow();

        var claimed = await TryClaimAsync(db, scope, key, hash, now);
        if (!claimed)
        {
            var existing = await set.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key);
            if (existing is null || now - existing.CreatedAt > Lifetime || (existing.CompletedAt is null && now - existing.CreatedAt > AbandonedAfter))
            {
                // Freed meanwhile, expired, or abandoned by a crash: take the key over (only that very claim).
                if (existing is not null)
                    await set.Where(r => r.Scope == scope && r.Key == key && r.CreatedAt == existing.CreatedAt).ExecuteDeleteAsync();
                claimed = await TryClaimAsync(db, scope, key, hash, now);
                if (!claimed) existing = await set.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key);
            }
            if (!claimed)
            {
                if (existing is not null && existing.RequestHash != hash)
                    throw ProblemException.Rule("idempotency-key-reused", "The Idempotency-Key was used with another request body.",
                        "Use a new key for a different request.");
                if (existing?.CompletedAt is null)
                    throw ProblemException.Conflict("idempotency-key-in-use", "A request with this Idempotency-Key is still running.",
                        "Retry once it has finished to get its answer.");
                await ReplayAsync(http, existing);
                return;
            }
        }

        // Run the request, keeping a copy of its answer.
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            await set.Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync();
            http.Response.Body = original;
            throw;
        }
        http.Response.Body = original;
        buffer.Position = 0;
        if (http.Response.StatusCode is >= 200 and < 300)
        {
            var body = await new StreamReader(buffer).ReadToEndAsync();
            buffer.Position = 0;
            await set.Where(r => r.Scope == scope && r.Key == key).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.CompletedAt, clock.GetUtcNow())
                .SetProperty(r => r.StatusCode, http.Response.StatusCode)
                .SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.ContentType, http.Response.ContentType)
                .SetProperty(r => r.Location, http.Response.Headers.Location.ToString())
                .SetProperty(r => r.ETag, http.Response.Headers.ETag.ToString()));
        }
        else
        {
            await set.Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync();
        }
        await buffer.CopyToAsync(original);
    }

    /// <summary>Claims the key in its own statement (committed at once), so a concurrent request sees it.</summary>
    private static async Task<bool> TryClaimAsync(TDbContext db, string scope, string key, string hash, DateTimeOffset now) =>
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ({scope}, {key}, {hash}, {now.ToUniversalTime()}) ON CONFLICT DO NOTHING") == 1;

    private static async Task<string> HashBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        var hash = await SHA256.HashDataAsync(request.Body);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord record)
    {
        http.Response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
        if (!string.IsNullOrEmpty(record.Location)) http.Response.Headers.Location = record.Location;
        if (!string.IsNullOrEmpty(record.ETag)) http.Response.Headers.ETag = record.ETag;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.ContentType = record.ContentType ?? "application/json";
        await http.Response.WriteAsync(record.ResponseBody ?? "");
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Runs after authentication and authorization: the key is scoped to the caller.</summary>
    public static WebApplication UseIdempotency<TDbContext>(this WebApplication app) where TDbContext : DbContext
    {
        app.UseMiddleware<IdempotencyMiddleware<TDbContext>>();
        return app;
    }

    /// <summary>This creating endpoint accepts Idempotency-Key.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentAttribute());
}
