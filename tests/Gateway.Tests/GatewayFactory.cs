using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Gateway;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>The gateway in-process, its clusters pointing wherever a test says.</summary>
public sealed class GatewayFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<DownstreamReadiness>
{
    /// <summary>A client whose every answer is checked against the committed OpenAPI documents.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new Platform.Testing.Contract.ContractConformanceHandler());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("PLATFORM_JWT_KEY", TestTokens.Key);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (configureServices is not null) builder.ConfigureServices(configureServices);
    }
}
