using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Platform.BuildingBlocks.Auth;

/// <summary>
/// The HS256 signing key, from <c>PLATFORM_JWT_KEY</c> (at least 32 bytes).
/// </summary>
public static class JwtKey
{
    /// <summary>
    /// LOCAL DEVELOPMENT DEFAULT, NOT A SECRET: used only when the environment is Development and
    /// PLATFORM_JWT_KEY is unset, so a fresh checkout runs. Any other environment must set a key, and not this one.
    /// </summary>
    public const string LocalDevelopmentDefault = "local-development-only-key-not-a-secret-0123456789";

    public static byte[] Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = Hosting.DeploymentSecret.Resolve(configuration, environment, "PLATFORM_JWT_KEY", LocalDevelopmentDefault,
            "Set it to a random value of at least 32 bytes.");
        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length < 32)
            throw new InvalidOperationException("PLATFORM_JWT_KEY must be at least 32 bytes.");
        return bytes;
    }
}
