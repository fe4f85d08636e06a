namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// <c>&lt;service&gt; --probe /health/ready</c>: asks the process already running in this container for a health
/// endpoint and exits 0 when it answers 2xx, 1 otherwise. The images are chiseled (no shell, no curl), so a container
/// health check (docker-compose.yml) runs the service's own executable instead. The address is the first of
/// <c>ASPNETCORE_URLS</c>, a wildcard host read as loopback.
/// </summary>
public static class HealthProbe
{
    /// <summary>Runs the probe when <paramref name="args"/> ask for it (setting the exit code); false otherwise.</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--probe");
        if (at < 0) return false;
        var path = at + 1 < args.Length ? args[at + 1] : "/health/ready";
        Environment.ExitCode = await RunAsync(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), path, Console.Error);
        return true;
    }

    public static async Task<int> RunAsync(string? urls, string path, TextWriter log)
    {
        if (!path.StartsWith('/'))
        {
            await log.WriteLineAsync($"--probe takes a path such as /health/ready, not '{path}'.");
            return 2;
        }
        var first = (urls ?? "http://127.0.0.1:8080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "http://127.0.0.1:8080";
        // Kestrel's wildcard hosts are not addresses to connect to.
        var address = first.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var root))
        {
            await log.WriteLineAsync($"ASPNETCORE_URLS does not start with an address: '{first}'.");
            return 2;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri(root, path));
            if (response.IsSuccessStatusCode) return 0;
            await log.WriteLineAsync($"{path} answered {(int)response.StatusCode}.");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await log.WriteLineAsync($"{path} did not answer: {e.Message}");
            return 1;
        }
    }
}
