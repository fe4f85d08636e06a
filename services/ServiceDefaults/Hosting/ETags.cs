using Microsoft.AspNetCore.Http;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>Versioned resources: ETag <c>"N"</c> out, <c>If-Match</c> in (428 when absent, 400 when unreadable).</summary>
public static class ETags
{
    public static void SetETag(this HttpContext http, long version) =>
        http.Response.Headers.ETag = $"\"{version}\"";

    public static long RequireIfMatch(this HttpContext http)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            throw new ProblemException(428, "if-match-required", "An If-Match header is required.",
                "Send the ETag of the version you read, e.g. If-Match: \"3\".");
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal)) text = text[2..];
        text = text.Trim('"');
        return long.TryParse(text, out var version)
            ? version
            : throw new RequestValidationException(new Dictionary<string, string[]> { ["If-Match"] = ["Expected an ETag such as \"3\"."] });
    }
}
