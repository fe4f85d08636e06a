using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// Bounds request bodies (<c>Limits:MaxRequestBodyBytes</c>, default 1 MiB): a declared length over the limit is
/// answered 413 at once, before anything reads or forwards the body; the server's own limit stops bodies
/// without a declared length (chunked) at the same size.
/// </summary>
public static class RequestSizeLimit
{
    public const long DefaultMaxBytes = 1_048_576;

    public static long MaxBytes(IConfiguration configuration) =>
        configuration.GetValue<long?>("Limits:MaxRequestBodyBytes") ?? DefaultMaxBytes;

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app)
    {
        var max = MaxBytes(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use(async (http, next) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = max;
            if (http.Request.ContentLength > max)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 413, Type = "/problems/body-too-large", Title = "The request body is too large.",
                        Detail = $"At most {max} bytes.",
                    },
                });
                return;
            }
            await next(http);
        });
    }
}
