using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// A secret each deployment sets (a signing key). In Development a committed default stands in, so a fresh checkout
/// runs; every other environment refuses both a missing value and that committed default, which anyone can read.
/// </summary>
public static class DeploymentSecret
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment, string setting, string developmentDefault,
        string howToSet)
    {
        var value = configuration[setting];
        if (environment.IsDevelopment()) return string.IsNullOrEmpty(value) ? developmentDefault : value;
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"{setting} is not set. {howToSet}");
        if (value == developmentDefault) throw new InvalidOperationException($"{setting} is the committed development default. {howToSet}");
        return value;
    }
}
