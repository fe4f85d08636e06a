using System.Diagnostics;
using Npgsql;
using Platform.Testing;

namespace Chaos;

/// <summary>
/// The four services and the gateway as real processes on their own ports (92xx) and databases, on the PostgreSQL and
/// RabbitMQ that `./platform chaos` started for this run alone; and the faults: processes killed with SIGKILL and
/// restarted, RabbitMQ stopped and started, PostgreSQL restarted with a fast shutdown (deploy/local/servers.sh).
/// </summary>
public sealed class ChaosPlatform : IAsyncDisposable
{
    public static readonly int GatewayPort = ServiceTable.Gateway.Port + 1180;
    /// <summary>The table's services on ports of their own: the table's port + 1180.</summary>
    private static readonly (string Name, string Project, string Assembly, int Port)[] Services =
        ServiceTable.Services.Select(s => (s.Name, s.Project, s.Assembly, s.Port + 1180)).ToArray();

    private readonly Dictionary<string, ServiceProcess> _running = [];
    private readonly Dictionary<string, Dictionary<string, string>> _environments = [];
    public Dictionary<string, string> Databases { get; } = [];
    public Uri Vhost { get; private set; } = null!;
    public Uri Gateway { get; } = new($"http://127.0.0.1:{GatewayPort}/");

    public async Task StartAsync()
    {
        Vhost = await TestInfrastructure.NewVhostAsync("chaos");
        foreach (var s in Services)
        {
            Databases[s.Name] = await TestInfrastructure.NewDatabaseAsync("chaos");
            _environments[s.Name] = new Dictionary<string, string>
            {
                ["ConnectionStrings__Database"] = Databases[s.Name],
                ["ConnectionStrings__RabbitMq"] = Vhost.ToString(),
                ["PLATFORM_JWT_KEY"] = TestTokens.Key,
                ["Ledger__SigningKey"] = TestTokens.LedgerKey,
                ["Messaging__Outbox__PollInterval"] = "00:00:01",
                ["Webhooks__AllowLoopback"] = "true",
            };
        }
        await Task.WhenAll(Services.Select(s => ServiceProcess.MigrateAsync(s.Name, Dll(s.Name), _environments[s.Name])));
        var gateway = new Dictionary<string, string> { ["PLATFORM_JWT_KEY"] = TestTokens.Key, ["PLATFORM_RATE_LIMIT_PER_MINUTE"] = "1000000" };
        foreach (var s in Services)
            gateway[$"ReverseProxy__Clusters__{s.Name}__Destinations__primary__Address"] = $"http://127.0.0.1:{s.Port}/";
        _environments["gateway"] = gateway;
        foreach (var name in Services.Select(s => s.Name).Append("gateway")) await StartProcessAsync(name);
    }

    private static string Dll(string name) => name == "gateway"
        ? ServiceTable.Gateway.Built
        : Services.Single(s => s.Name == name) is var s ? RepoPaths.Built(s.Project, s.Assembly) : "";

    private static int Port(string name) => name == "gateway" ? GatewayPort : Services.Single(s => s.Name == name).Port;

    private async Task StartProcessAsync(string name)
    {
        var process = ServiceProcess.Start(name, Dll(name), Port(name), _environments[name]);
        _running[name] = process;
        await process.WaitReadyAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>SIGKILL: no graceful shutdown, in-flight requests and consumers die where they are.</summary>
    public async Task KillAsync(string name)
    {
        await _running[name].DisposeAsync();
        _running.Remove(name);
    }

    public Task RestartAsync(string name) => StartProcessAsync(name);

    public static Task StopRabbitMqAsync() => ServersAsync("rabbit_stop \"$CHAOS_RABBIT_DIR\" \"$CHAOS_RABBIT_PORT\"");

    public static Task StartRabbitMqAsync() =>
        ServersAsync("rabbit_start \"$CHAOS_RABBIT_DIR\" \"$CHAOS_RABBIT_PORT\" \"$CHAOS_RABBIT_DIST\" \"$CHAOS_RABBIT_MGMT\"");

    /// <summary>A fast shutdown (open connections are terminated) and a start on the same data.</summary>
    public static async Task RestartPostgresAsync()
    {
        await ServersAsync("pg_stop \"$CHAOS_PG_DIR\" \"$CHAOS_PG_PORT\" && pg_start \"$CHAOS_PG_DIR\" \"$CHAOS_PG_PORT\" test");
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ServersAsync(string command)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"source \"{Path.Combine(RepoPaths.Root, "deploy/local/servers.sh")}\" && {command}");
        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {await output}");
    }

    public IReadOnlyDictionary<string, long> ResidentBytes() => _running.ToDictionary(p => p.Key, p => p.Value.ResidentBytes);

    public string Logs(string name) => _running.TryGetValue(name, out var p) ? p.Output : "(not running)";

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _running.Values) await p.DisposeAsync();
    }
}
