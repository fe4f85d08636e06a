using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// What every service and the gateway share (eShop's ServiceDefaults): OpenTelemetry, health,
/// JWT auth with role policies, problem details, the platform JSON format and TimeProvider.
/// </summary>
public static class ServiceDefaults
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.AddPlatformTelemetry(serviceName);
        // SIGTERM (an orchestrator stopping the pod, ./platform down) lets in-flight requests and consumers finish:
        // Kestrel stops accepting and waits for them, up to this long, before the process exits.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.AddPlatformAuthentication();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? ctx.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed bodies throw, so the exception handler can name the field in a 400.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            PlatformJson.Configure(o.SerializerOptions);
            o.SerializerOptions.Converters.Add(new NoControlCharactersStringConverter());
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Request bodies are bounded (413 beyond), configurable so that tests and operators can set it.
        var maxBody = RequestSizeLimit.MaxBytes(builder.Configuration);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = maxBody);
        return builder;
    }

    /// <summary>
    /// Production log levels unless configuration says otherwise: every EF Core command and every request at
    /// Information cost a service half its throughput under load (76 MB of log a minute). A developer who wants them
    /// sets Logging:LogLevel:&lt;category&gt; (e.g. Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information).
    /// </summary>
    private static readonly (string Category, LogLevel Level)[] QuietByDefault =
    [
        ("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning),
        ("Microsoft.EntityFrameworkCore", LogLevel.Warning),
        ("Microsoft.AspNetCore", LogLevel.Warning),
        ("System.Net.Http.HttpClient", LogLevel.Warning),
        ("Yarp", LogLevel.Warning),
    ];

    public static IHostApplicationBuilder AddPlatformTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        foreach (var (category, level) in QuietByDefault)
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, level);
        builder.Logging.AddOpenTelemetry(l =>
        {
            l.IncludeFormattedMessage = true;
            l.IncludeScopes = true;
        });
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            // The services' database and broker add their own sources (AddPlatformDbContext, AddPlatformMessaging).
            .WithTracing(t => t
                .SetSampler(new PlatformSampler(builder.Configuration.GetValue("Telemetry:SampleRatio", 1.0)))
                .AddProcessor(new KeepErrors()) // before the exporters, which send only what is recorded
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("System.Runtime"));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
        return builder;
    }

    /// <summary>Health endpoints in every environment, anonymous: live (process up) and ready (dependencies).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        // A service's document (AddPlatformOpenApi); the gateway has none of its own, it serves the services'.
        if (app.Services.GetService<OpenApi.ServiceDocument>() is not null) app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        return app;
    }

    /// <summary>The request pipeline every service shares.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseRequestSizeLimit();
        app.UseExceptionHandler();
        app.UseQueryTextCheck();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
