using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// A secret each deployment sets (a signing key). In Development a committed default stands in, so a fresh checkout
/// runs; every other environment refuses a missing value, that committed default, and anything that says it is a
/// placeholder (a Kubernetes base once shipped "REPLACE-ME-placeholder-not-a-secret-…", 46 bytes, and Production took it).
/// </summary>
public static class DeploymentSecret
{
    /// <summary>Words a stand-in value carries; a real secret never does.</summary>
    private static readonly string[] PlaceholderMarks = ["replace-me", "replace_me", "change-me", "changeme", "placeholder", "not-a-secret", "example"];

    public static string Resolve(IConfiguration configuration, IHostEnvironment environment, string setting, string developmentDefault,
        string howToSet)
    {
        var value = configuration[setting];
        if (environment.IsDevelopment()) return string.IsNullOrEmpty(value) ? developmentDefault : value;
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"{setting} is not set. {howToSet}");
        if (value == developmentDefault) throw new InvalidOperationException($"{setting} is the committed development default. {howToSet}");
        if (PlaceholderMarks.FirstOrDefault(m => value.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } mark)
            throw new InvalidOperationException($"{setting} is a placeholder (it says \"{mark}\"), not a secret. {howToSet}");
        return value;
    }
}
