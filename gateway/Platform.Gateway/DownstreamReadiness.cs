using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.BuildingBlocks.Hosting;

namespace Platform.Gateway;

/// <summary>
/// The services behind the gateway, for the operator: their /health/ready, checked at once with short timeouts.
/// A service that is down makes the gateway Degraded (still 200: ready), never Unhealthy, so that one slow part does
/// not take the whole API out of its load balancer; the down service's routes answer 503 on their own. The answer
/// is cached for a second, so that anonymous callers cannot fan out to every service and database at will.
/// </summary>
public sealed class DownstreamReadiness(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock) : IHealthCheck
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (DateTimeOffset At, HealthCheckResult Result)? _cached;
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_cached is { } c && clock.GetUtcNow() - c.At < CacheFor) return c.Result;
            var result = await CheckAllAsync(ct);
            _cached = (clock.GetUtcNow(), result);
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task<HealthCheckResult> CheckAllAsync(CancellationToken ct)
    {
        var client = clients.CreateClient(nameof(DownstreamReadiness));
        var checks = configuration.GetSection("ReverseProxy:Clusters").GetChildren()
            .SelectMany(cluster => cluster.GetSection("Destinations").GetChildren().Select(d => (cluster.Key, Address: new Uri(new Uri(d["Address"]!), "health/ready"))))
            .Select(async d =>
            {
                try
                {
                    using var response = await client.GetAsync(d.Address, ct);
                    return response.IsSuccessStatusCode ? null : $"{d.Key}: {(int)response.StatusCode}";
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return $"{d.Key}: {ex.GetType().Name}";
                }
            });
        var failures = (await Task.WhenAll(checks)).OfType<string>().ToList();
        return failures.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Not ready behind the gateway (their routes answer 503): " + string.Join("; ", failures));
    }

    internal static IHostApplicationBuilder Register(IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(DownstreamReadiness), c => c.Timeout = TimeSpan.FromSeconds(2));
        builder.Services.AddHealthChecks().AddCheck<DownstreamReadiness>("services", failureStatus: HealthStatus.Degraded, tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }
}
