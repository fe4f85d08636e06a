using System.Diagnostics;
using Microsoft.AspNetCore.Builder;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// Headers on every answer: no sniffing, no framing, no referrer, no caching of API data, a strict CSP (the
/// interactive reference at /docs, which runs scripts, is the one exception), and the W3C traceparent of the
/// request, so a caller can quote it when asking what happened.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (!http.Request.Path.StartsWithSegments("/docs"))
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                if (http.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
                if (Activity.Current?.Id is { } traceparent) headers["traceparent"] = traceparent;
                return Task.CompletedTask;
            });
            await next(http);
        });
}
