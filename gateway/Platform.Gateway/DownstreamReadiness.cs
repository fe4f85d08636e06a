using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.BuildingBlocks.Hosting;

namespace Platform.Gateway;

/// <summary>The gateway is ready when every service behind it is ready (their /health/ready).</summary>
public sealed class DownstreamReadiness(IHttpClientFactory clients, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = clients.CreateClient(nameof(DownstreamReadiness));
        var failures = new List<string>();
        foreach (var cluster in configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            foreach (var destination in cluster.GetSection("Destinations").GetChildren())
            {
                var address = new Uri(new Uri(destination["Address"]!), "health/ready");
                try
                {
                    using var response = await client.GetAsync(address, ct);
                    if (!response.IsSuccessStatusCode) failures.Add($"{cluster.Key}: {(int)response.StatusCode}");
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    failures.Add($"{cluster.Key}: {ex.GetType().Name}");
                }
            }
        }
        return failures.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join("; ", failures));
    }

    internal static IHostApplicationBuilder Register(IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(nameof(DownstreamReadiness), c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddHealthChecks().AddCheck<DownstreamReadiness>("services", tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }
}
