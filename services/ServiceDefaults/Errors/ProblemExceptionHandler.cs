using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.BuildingBlocks.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: rule breaks (422 etc.), invalid requests (400),
/// malformed bodies (400 naming the JSON path), what a registered <see cref="IExceptionProblems"/> recognises (the
/// services' database errors: 409, 412, a retryable 503), and the rest (500, logged).
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IEnumerable<IExceptionProblems> mappers,
    ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client waits before retrying a 503 (Retry-After).</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
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
            // The service is shutting down (SIGTERM) while this request still waited for its body: retry elsewhere.
            OperationCanceledException when httpContext.RequestServices.GetService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()
                ?.ApplicationStopping.IsCancellationRequested == true => Unavailable("The service is restarting."),
            _ => mappers.Select(m => m.TryMap(exception)).FirstOrDefault(d => d is not null)
                ?? new ProblemDetails { Status = 500, Title = "An unexpected error occurred." },
        };
        if (details.Status == 500)
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        else if (details.Status == 503)
        {
            logger.LogWarning(exception, "Transient failure on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext, ProblemDetails = details, Exception = exception,
        });
    }

    /// <summary>Nothing was changed and the same request will succeed shortly: a retryable 503, never a 500 that looks like a defect.</summary>
    public static ProblemDetails Unavailable(string title) => new()
    {
        Status = 503, Type = "/problems/temporarily-unavailable", Title = title,
        Detail = $"Nothing was changed; retry after {RetryAfterSeconds} seconds (with the same Idempotency-Key, if any).",
    };

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
        // A route or query value of the wrong type: name the parameter and what it takes, not the .NET type.
        if (BindFailure().Match(b.Message) is { Success: true } bind)
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [bind.Groups["name"].Value] = [bind.Groups["missing"].Success ? "Required." : $"Expected {Expected(bind.Groups["type"].Value)}."],
            })
            { Status = 400, Title = "The request is invalid." };
        return new ProblemDetails { Status = b.StatusCode, Title = "The request is malformed.", Detail = WithoutTypeNames(b.Message) };
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"^(?:Failed to bind parameter ""(?<type>[^""]+) (?<name>\w+)"" from|(?<missing>Required) parameter ""(?<type>[^""]+) (?<name>\w+)"" was not provided)")]
    private static partial System.Text.RegularExpressions.Regex BindFailure();

    /// <summary>What a client should send, in the API's words (README.md, Conventions).</summary>
    private static string Expected(string dotnetType)
    {
        var type = dotnetType.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>').Replace("System.", "", StringComparison.Ordinal);
        return type switch
        {
            "Guid" => "a UUID",
            "int" or "Int32" or "long" or "Int64" or "short" or "Int16" => "an integer",
            "decimal" or "Decimal" or "double" or "Double" => "a decimal number",
            "bool" or "Boolean" => "true or false",
            "DateOnly" => "a date (yyyy-MM-dd)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, with an offset)",
            _ => "one of the documented values",
        };
    }

    /// <summary>System.Text.Json messages name .NET types; say what JSON was expected instead, and keep the first sentence.</summary>
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        if (TokenMismatch().Match(message) is { Success: true } token) return $"The value is not a {token.Groups["expected"].Value}.";
        var converted = message.IndexOf("could not be converted to ", StringComparison.Ordinal);
        if (converted < 0) return WithoutTypeNames(message);
        var type = message[(converted + "could not be converted to ".Length)..].TrimEnd('.');
        return "The value is not " + (type switch
        {
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal)
                || type.Contains("Enumerable", StringComparison.Ordinal) => "an array",
            _ when type.Contains("Dictionary", StringComparison.Ordinal) => "an object",
            "System.String" => "a string",
            _ => Expected(type.Replace("System.Nullable`1[", "", StringComparison.Ordinal).TrimEnd(']')) is var e && e != "one of the documented values"
                ? e : "of the expected type (see the API reference)",
        }) + ".";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot get the value of a token type '\w+' as a (?<expected>\w+)\.")]
    private static partial System.Text.RegularExpressions.Regex TokenMismatch();

    /// <summary>Leaves no .NET type name (System.…, Namespace.Type`1[…]) in a message a client reads.</summary>
    private static string WithoutTypeNames(string message) =>
        TypeName().Replace(message, "a value of the expected type");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:System|Microsoft|Platform|Listing|Valuation|RevenueSharing|CrossBorder)\.[\w.`\[\],]+")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
