using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Idempotency;

/// <summary>
/// Idempotency-Key on creating POSTs, for every service: the same key and body from the same caller on the same
/// method and path within 24 h replays the first answer and creates nothing; the same key with another body is 422
/// idempotency-key-reused; while the first request still runs, 409.
/// <para>
/// Crash safety: the request runs inside one database transaction that also stores its answer, so the effect and
/// the key's record commit together or not at all. A retry after a crash at any point either replays the stored
/// answer (the commit happened) or runs the request afresh (it did not). The "still running" marker is a
/// transaction-scoped advisory lock: it dies with the request's connection, so a killed process never leaves a
/// key blocked. Only successful answers are kept: a refused request (400, 409, 422 ...) rolls back and frees its key.
/// </para>
/// </summary>
public sealed class IdempotencyMiddleware<TDbContext>(RequestDelegate next) where TDbContext : DbContext
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext http, TDbContext db, TimeProvider clock)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key) || !HttpMethods.IsPost(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null)
        {
            await next(http);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                [Header] = [$"At most {MaxKeyLength} characters, no control characters (a UUID is a good key)."],
            });

        var scope = ScopeOf(http);
        var hash = await HashBodyAsync(http.Request);
        var set = db.Set<IdempotencyRecord>();
        var now = clock.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
        var free = await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({scope + "\n" + key}, 0)) AS \"Value\"")
            .SingleAsync(http.RequestAborted);
        if (!free)
            throw ProblemException.Conflict("idempotency-key-in-use", "A request with this Idempotency-Key is still running.",
                "Retry once it has finished to get its answer.");
        var existing = await set.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
        if (existing is not null && now - existing.CreatedAt <= Lifetime)
        {
            if (existing.RequestHash != hash)
                throw ProblemException.Rule("idempotency-key-reused", "The Idempotency-Key was used with another request body.",
                    "Use a new key for a different request.");
            await ReplayAsync(http, existing);
            return;
        }
        if (existing is not null) // expired: the key is free again
            await set.Where(r => r.Scope == scope && r.Key == key).ExecuteDeleteAsync(http.RequestAborted);

        // Run the request inside the transaction, keeping a copy of its answer.
        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        if (http.Response.StatusCode is < 200 or >= 300)
        {
            await transaction.RollbackAsync(CancellationToken.None); // a refusal writes nothing and keeps no key
            buffer.Position = 0;
            await buffer.CopyToAsync(original);
            return;
        }

        var body = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var location = http.Response.Headers.Location.ToString();
        var etag = http.Response.Headers.ETag.ToString();
        var contentType = http.Response.ContentType;
        var completedAt = clock.GetUtcNow().ToUniversalTime();
        // The handler has finished: its answer is stored and committed with its effect whatever the client does now.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (scope, key, request_hash, created_at, completed_at, status_code, response_body, content_type, location, e_tag)
            VALUES ({scope}, {key}, {hash}, {now.ToUniversalTime()}, {completedAt}, {http.Response.StatusCode}, {body}, {contentType}, {location}, {etag})
            """, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        await (http.RequestServices.GetService<IdempotencyFaultPoint>()?.AfterCommit(http) ?? Task.CompletedTask);
        buffer.Position = 0;
        await buffer.CopyToAsync(original);
    }

    /// <summary>
    /// The caller (role, org, subject) and the actual method and path, hashed to a fixed length: the same key on
    /// another deal's objections is another request, and a long subject cannot overflow the column.
    /// </summary>
    private static string ScopeOf(HttpContext http)
    {
        var user = http.User;
        var identity = string.Join('\n', user.Role(), user.Org(), user.FindFirst(PlatformRoles.SubjectClaim)?.Value,
            http.Request.Method, http.Request.PathBase + http.Request.Path);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

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

/// <summary>
/// A test-only fault point: registered only by tests, it runs after an idempotent request's commit and before its
/// answer is sent, so a test can "crash" the service in that window and prove that the retry replays.
/// </summary>
public sealed class IdempotencyFaultPoint(Func<HttpContext, Task> afterCommit)
{
    public Task AfterCommit(HttpContext http) => afterCommit(http);
}

public static class IdempotencyExtensions
{
    /// <summary>Runs after authentication and authorization: the key is scoped to the caller.</summary>
    public static WebApplication UseIdempotency<TDbContext>(this WebApplication app) where TDbContext : DbContext
    {
        app.UseMiddleware<IdempotencyMiddleware<TDbContext>>();
        return app;
    }
}
