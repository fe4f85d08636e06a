using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.BuildingBlocks.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: rule breaks (422 etc.),
/// invalid requests (400), malformed bodies (400 naming the JSON path), and the rest (500, logged).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails details = exception switch
        {
            ProblemException p => new ProblemDetails
            {
                Status = p.Status, Type = $"/problems/{p.Code}", Title = p.Title, Detail = p.Detail,
            },
            RequestValidationException v => new HttpValidationProblemDetails(v.Errors)
            {
                Status = 400, Title = "The request is invalid.",
            },
            BadHttpRequestException b => FromBadRequest(b),
            // A unique index is the last word under concurrency: two racing requests, one wins, the other is 409.
            _ when UniqueViolation(exception) is { } u => new ProblemDetails
            {
                Status = 409, Type = "/problems/conflict", Title = "The request conflicts with existing data.",
                Detail = $"Constraint {u.ConstraintName}.",
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = 412, Type = "/problems/stale-version", Title = "The resource changed while the request ran.",
            },
            // The database restarting, refusing connections or cancelling under load: nothing was committed, and the
            // same request will succeed shortly. A retryable 503, never a 500 that looks like a defect.
            // The service is shutting down (SIGTERM) while this request still waited for its body: retry elsewhere.
            OperationCanceledException when http.RequestServices.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()
                ?.ApplicationStopping.IsCancellationRequested == true => new ProblemDetails
            {
                Status = 503, Type = "/problems/temporarily-unavailable", Title = "The service is restarting.",
                Detail = $"Nothing was changed; retry after {TransientFailures.RetryAfterSeconds} seconds (with the same Idempotency-Key, if any).",
            },
            _ when TransientFailures.IsTransient(exception) => new ProblemDetails
            {
                Status = 503, Type = "/problems/temporarily-unavailable", Title = "A service the request needs is briefly unavailable.",
                Detail = $"Nothing was changed; retry after {TransientFailures.RetryAfterSeconds} seconds (with the same Idempotency-Key, if any).",
            },
            _ => new ProblemDetails { Status = 500, Title = "An unexpected error occurred." },
        };
        if (details.Status == 500)
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);

        else if (details.Status == 503)
        {
            logger.LogWarning(exception, "Transient failure on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        http.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http, ProblemDetails = details, Exception = exception,
        });
    }

    private static PostgresException? UniqueViolation(Exception exception) =>
        (exception as PostgresException ?? exception.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.UniqueViolation } u ? u : null;

    /// <summary>Malformed JSON, wrong types, bad enums and bad money: 400 naming the JSON path.</summary>
    private static ProblemDetails FromBadRequest(BadHttpRequestException b)
    {
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = 413, Title = "The request body is too large." };
        var json = b.InnerException as JsonException ?? b.InnerException?.InnerException as JsonException;
        if (json is not null)
        {
            var field = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
            var message = json.InnerException?.Message ?? json.Message;
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Clean(message)] })
            {
                Status = 400, Title = "The request body is malformed.",
            };
        }
        return new ProblemDetails { Status = b.StatusCode, Title = "The request is malformed.", Detail = b.Message };
    }

    // System.Text.Json messages mention .NET type names; keep the first sentence only.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
