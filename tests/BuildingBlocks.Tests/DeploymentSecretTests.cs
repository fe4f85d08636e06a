using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Platform.BuildingBlocks.Auth;

namespace BuildingBlocks.Tests;

/// <summary>The token key: the committed default only stands in for Development; elsewhere it is refused like a missing key.</summary>
public class DeploymentSecretTests
{
    private static IConfiguration With(string? key) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PLATFORM_JWT_KEY"] = key }).Build();

    private static readonly HostingEnvironment Production = new() { EnvironmentName = "Production" };
    private static readonly HostingEnvironment Development = new() { EnvironmentName = "Development" };

    [Fact]
    public void Outside_development_a_missing_key_or_the_committed_default_is_refused()
    {
        Assert.Contains("not set", Assert.Throws<InvalidOperationException>(() => JwtKey.Resolve(With(null), Production)).Message);
        Assert.Contains("committed development default",
            Assert.Throws<InvalidOperationException>(() => JwtKey.Resolve(With(JwtKey.LocalDevelopmentDefault), Production)).Message);
        Assert.Throws<InvalidOperationException>(() => JwtKey.Resolve(With("too-short"), Production));
        Assert.Equal(40, JwtKey.Resolve(With(new string('k', 40)), Production).Length);
    }

    [Theory]
    [InlineData("REPLACE-ME-placeholder-not-a-secret-0123456789")] // the Kubernetes base's literal, which Production accepted
    [InlineData("changeme-changeme-changeme-changeme-changeme")]
    [InlineData("an-example-key-from-the-documentation-0123456789")]
    public void Outside_development_a_placeholder_is_refused(string placeholder) =>
        Assert.Contains("placeholder", Assert.Throws<InvalidOperationException>(() => JwtKey.Resolve(With(placeholder), Production)).Message);

    [Fact]
    public void In_development_the_default_stands_in_for_a_missing_key() =>
        Assert.Equal(JwtKey.LocalDevelopmentDefault.Length, JwtKey.Resolve(With(null), Development).Length);
}
