using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The five real processes (four services and the gateway) on real PostgreSQL and RabbitMQ, started once
/// for the test assembly from the built assemblies, on ports of their own (91xx) so `./platform up` can run beside.
/// </summary>
public sealed class PlatformProcesses : IAsyncLifetime
{
    private static readonly int GatewayPort = ServiceTable.Gateway.Port + 1080;
    private readonly List<ServiceProcess> _processes = [];

    /// <summary>The table's services on ports of their own: the table's port + 1080.</summary>
    private static readonly (string Name, string Project, string Assembly, int Port)[] Services =
        ServiceTable.Services.Select(s => (s.Name, s.Project, s.Assembly, s.Port + 1080)).ToArray();

    public Uri Gateway { get; } = new($"http://127.0.0.1:{GatewayPort}/");
    public IReadOnlyDictionary<string, Uri> ServiceAddresses { get; } =
        Services.ToDictionary(s => s.Name, s => new Uri($"http://127.0.0.1:{s.Port}/"));

    public HttpClient Client(string? role = null, string? org = null)
    {
        // Every answer checked against the committed OpenAPI documents.
        var client = new HttpClient(Platform.Testing.Contract.ContractConformanceHandler.OverNetwork()) { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
        return role is null ? client : client.As(role, org);
    }

    public async Task InitializeAsync()
    {
        var vhost = await TestInfrastructure.NewVhostAsync("e2e");
        var environments = new Dictionary<string, Dictionary<string, string>>();
        foreach (var s in Services)
        {
            environments[s.Name] = new Dictionary<string, string>
            {
                ["ConnectionStrings__Database"] = await TestInfrastructure.NewDatabaseAsync("e2e"),
                ["ConnectionStrings__RabbitMq"] = vhost.ToString(),
                ["PLATFORM_JWT_KEY"] = TestTokens.Key,
                ["Ledger__SigningKey"] = TestTokens.LedgerKey,
                ["Messaging__Outbox__PollInterval"] = "00:00:01",
                ["Webhooks__AllowLoopback"] = "true", // as under ./platform up: the test's receiver listens on loopback
            };
        }
        await Task.WhenAll(Services.Select(s =>
            ServiceProcess.MigrateAsync(s.Name, RepoPaths.Built(s.Project, s.Assembly), environments[s.Name])));
        foreach (var s in Services)
            _processes.Add(ServiceProcess.Start(s.Name, RepoPaths.Built(s.Project, s.Assembly), s.Port, environments[s.Name]));

        var gatewayEnvironment = new Dictionary<string, string>
        {
            ["PLATFORM_JWT_KEY"] = TestTokens.Key,
            ["PLATFORM_RATE_LIMIT_PER_MINUTE"] = "100000",
        };
        foreach (var s in Services)
            gatewayEnvironment[$"ReverseProxy__Clusters__{s.Name}__Destinations__primary__Address"] = $"http://127.0.0.1:{s.Port}/";
        _processes.Add(ServiceProcess.Start("gateway", ServiceTable.Gateway.Built, GatewayPort, gatewayEnvironment));

        foreach (var p in _processes) await p.WaitReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Everything the processes printed, for a failing test's message.</summary>
    public string Logs => string.Join("\n", _processes.Select(p => $"===== {p.Name} =====\n{p.Output}"));

    public async Task DisposeAsync()
    {
        foreach (var p in _processes) await p.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformProcesses>
{
    public const string Name = "platform";
}
