using System.Diagnostics;
using System.Text;

namespace Platform.Testing;

/// <summary>
/// A real service process (`dotnet X.dll`), as the end-to-end tests and `./platform up` run them.
/// Output is kept so a failing test can show it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Name { get; }
    public Uri BaseAddress { get; }

    private ServiceProcess(string name, Uri baseAddress, Process process)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ServiceProcess Start(string name, string dllPath, int port, IDictionary<string, string> environment, params string[] args)
    {
        if (!File.Exists(dllPath)) throw new FileNotFoundException($"{dllPath} is not built: build Platform.sln first.");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dllPath)!, // its own content root (appsettings.json)
        };
        info.ArgumentList.Add(dllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, new Uri($"http://127.0.0.1:{port}/"), process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Runs `dotnet X.dll --migrate` to completion.</summary>
    public static async Task MigrateAsync(string name, string dllPath, IDictionary<string, string> environment)
    {
        await using var migration = Start(name + "-migrate", dllPath, 0, environment, "--migrate");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await migration._process.WaitForExitAsync(timeout.Token);
        if (migration._process.ExitCode != 0)
            throw new InvalidOperationException($"Migration of {name} failed:\n{migration.Output}");
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    /// <summary>Resident memory of the process now, in bytes.</summary>
    public long ResidentBytes
    {
        get { _process.Refresh(); return _process.WorkingSet64; }
    }

    /// <summary>SIGTERM, as an orchestrator stops a pod: the process is asked to stop, not killed.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 200_000) _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
