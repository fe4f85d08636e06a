using System.Diagnostics;

namespace Platform.Testing;

/// <summary>Runs a program to its end and returns its exit code and what it printed (both streams read at once).</summary>
public static class ExternalCommand
{
    public static async Task<(int Code, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory,
        TimeSpan? timeout = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout ?? TimeSpan.FromMinutes(5)}");
        }
        return (process.ExitCode, await output, await errors);
    }
}
