using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Hosting;

namespace BuildingBlocks.Tests;

/// <summary>
/// The container health check of the chiseled images (no curl): the service's own executable with --probe asks the
/// running process, through the address it listens on (a wildcard host read as loopback), and exits 0 only on 2xx.
/// </summary>
public class HealthProbeTests
{
    [Fact]
    public async Task The_probe_passes_on_2xx_and_fails_on_an_error_status_or_no_answer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://0.0.0.0:0");
        await using var app = builder.Build();
        app.MapGet("/health/ready", () => "Healthy");
        app.MapGet("/health/sick", () => Results.StatusCode(503));
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var log = new StringWriter();

        Assert.Equal(0, await HealthProbe.RunAsync($"http://0.0.0.0:{port};http://127.0.0.1:1", "/health/ready", log));
        Assert.Equal(1, await HealthProbe.RunAsync($"http://+:{port}", "/health/sick", log));
        Assert.Contains("/health/sick answered 503", log.ToString(), StringComparison.Ordinal);
        await app.StopAsync();
        Assert.Equal(1, await HealthProbe.RunAsync($"http://127.0.0.1:{port}", "/health/ready", log));
        Assert.Contains("did not answer", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await HealthProbe.RunAsync($"http://127.0.0.1:{port}", "health/ready", log));
    }
}
