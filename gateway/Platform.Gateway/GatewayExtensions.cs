using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Hosting;
using Scalar.AspNetCore;

namespace Platform.Gateway;

/// <summary>
/// The gateway: YARP routes and clusters from routes.json (generated from the services' own endpoints and the service
/// table, deploy/services.tsv), one route per method and path with the endpoint's roles ("roles:..." policies), a
/// fallback policy that requires a known role, and a per-caller rate limit. It forwards the caller's token; the services validate it again.
/// </summary>
public static class GatewayExtensions
{
    public const string PerCallerPolicy = "per-caller";

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        AddRoutesFile(builder.Configuration);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, RolesPolicyProvider>();
        DownstreamReadiness.Register(builder);

        var perMinute = builder.Configuration.GetValue("PLATFORM_RATE_LIMIT_PER_MINUTE", 600);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: 429, title: "Too many requests.", type: "/problems/rate-limited",
                    detail: $"At most {perMinute} requests per minute per caller.").ExecuteAsync(context.HttpContext);
            };
            // Anonymous health probes are limited by client address before anything else they could fan out to.
            var healthPerMinute = builder.Configuration.GetValue("PLATFORM_HEALTH_RATE_LIMIT_PER_MINUTE", 120);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                // Liveness stays unlimited: the orchestrator's probes may share an address with the public.
                http.Request.Path.StartsWithSegments("/health/ready")
                    ? RateLimitPartition.GetFixedWindowLimiter($"health:{http.Connection.RemoteIpAddress}",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = healthPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("other"));
            // Partitioned by caller: the token's subject within its role and organisation, else the client address.
            o.AddPolicy(PerCallerPolicy, http => RateLimitPartition.GetFixedWindowLimiter(CallerKey(http.User, http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    /// <summary>
    /// Behind an ingress, the client's address is the one the ingress saw (X-Forwarded-For, one hop), believed only from
    /// the proxies named in <c>Gateway:TrustedProxies</c> (addresses or networks, e.g. the ingress controller's pod
    /// network "10.0.0.0/8"); from anyone else the header is ignored, so no caller picks the address its limits count on.
    /// None is trusted by default, and then the header is not read at all (null): the middleware checks the sender only
    /// when it has a list, and would otherwise take anyone's word.
    /// </summary>
    private static ForwardedHeadersOptions? ForwardedHeaders(IConfiguration configuration)
    {
        var proxies = configuration.GetSection("Gateway:TrustedProxies").Get<string[]>() ?? [];
        if (proxies.Length == 0) return null;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
            if (proxy.Contains('/')) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            else options.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        return options;
    }

    /// <summary>
    /// routes.json is the lowest configuration source, so that appsettings, environment variables and the command line
    /// still override it (compose and Kubernetes point the clusters at their own addresses that way).
    /// </summary>
    private static void AddRoutesFile(IConfigurationManager configuration)
    {
        configuration.AddJsonFile("routes.json", optional: false, reloadOnChange: false);
        var routes = configuration.Sources[^1];
        configuration.Sources.RemoveAt(configuration.Sources.Count - 1);
        configuration.Sources.Insert(0, routes);
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        // Only with trusted proxies named: with none, ASP.NET Core would believe X-Forwarded-For from anyone.
        if (ForwardedHeaders(app.Configuration) is { } forwarded) app.UseForwardedHeaders(forwarded);
        app.UseServiceDefaults();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// A service that cannot be reached answers 503 problem+json with Retry-After on its own routes (YARP's 502 says
    /// "broken", this says "not now"); the rest of the API is not affected.
    /// </summary>
    public static void UseUnavailableServiceAnswers(this IReverseProxyApplicationBuilder proxy) => proxy.Use(async (http, next) =>
    {
        await next();
        var error = http.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>();
        // Only "the service did not answer" is retryable; an error the client caused (a body it cut off) is not.
        if (error is null || http.Response.HasStarted
            || error.Error is not (Yarp.ReverseProxy.Forwarder.ForwarderError.Request or Yarp.ReverseProxy.Forwarder.ForwarderError.RequestTimedOut
                or Yarp.ReverseProxy.Forwarder.ForwarderError.NoAvailableDestinations))
            return;
        var cluster = http.GetReverseProxyFeature().Cluster.Config.ClusterId;
        http.Response.Clear();
        http.Response.Headers.RetryAfter = "2";
        await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: "/problems/service-unavailable",
            title: "A service behind the gateway is unavailable.",
            detail: $"The {cluster} service did not answer ({error.Error}); retry after 2 seconds (with the same Idempotency-Key, if any).")
            .ExecuteAsync(http);
    });

    /// <summary>/docs: one interactive reference (Scalar) over the four services' OpenAPI documents, anonymous.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Technology-transfer platform API")
            // The reference a client reads: a field to paste a bearer token into, operation ids shown, and none of
            // Scalar's own offers (its AI agent, MCP, developer tools, telemetry, the .NET integration's buttons).
            .AddPreferredSecuritySchemes(Platform.BuildingBlocks.OpenApi.PlatformOpenApi.BearerScheme)
            .ShowOperationId()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools()
            .DisableTelemetry()
            .WithDotNetFlag(false)
            .AddDocument("listing", "Listing", "/openapi/listing.json", isDefault: true)
            .AddDocument("valuation", "Valuation", "/openapi/valuation.json")
            .AddDocument("revenue-sharing", "Revenue sharing", "/openapi/revenue-sharing.json")
            .AddDocument("cross-border", "Cross-border exchange", "/openapi/cross-border.json"))
            .AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Whose budget a request spends (#17): the token's subject within its role and organisation (one person or system
    /// of one university or exchange, so a busy colleague does not spend another's), else the client's address.
    /// </summary>
    private static string CallerKey(ClaimsPrincipal user, HttpContext http) =>
        user.FindFirst(PlatformRoles.SubjectClaim)?.Value is { Length: > 0 } sub ? $"sub:{user.Role()}:{user.Org()}:{sub}"
        : user.Org() is { Length: > 0 } org ? $"org:{user.Role()}:{org}"
        : $"ip:{http.Connection.RemoteIpAddress}";
}
