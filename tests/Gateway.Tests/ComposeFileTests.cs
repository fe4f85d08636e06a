using Platform.Testing;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests;

/// <summary>
/// No Docker engine here: the compose file is checked by reading it. Every service project and the gateway
/// has a service, built from its project, with a health check and the environment it needs.
/// </summary>
public class ComposeFileTests
{
    private static readonly YamlMappingNode Services = Load();

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
    }

    public static TheoryData<string, string, bool> Projects()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var row in ServiceTable.All) data.Add(row.Name, row.ProjectFile, row.Database is not null);
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Each_part_has_a_service_with_health_check_and_environment(string name, string project, bool hasDatabase)
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, project)), $"{project} exists");
        var service = (YamlMappingNode)Services[name];
        var args = (YamlMappingNode)((YamlMappingNode)service["build"])["args"];
        Assert.Equal(project, args["PROJECT"].ToString());

        var health = (YamlMappingNode)service["healthcheck"];
        // The chiseled image has no shell or curl: the service's own executable asks it (HealthProbeTests).
        Assert.Equal(["CMD", "/app/service", "--probe", "/health/ready"], ((YamlSequenceNode)health["test"]).Select(n => n.ToString()));

        var environment = ((YamlMappingNode)service["environment"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        Assert.Contains("PLATFORM_JWT_KEY", environment);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", environment);
        if (hasDatabase)
        {
            Assert.Contains("ConnectionStrings__Database", environment);
            Assert.Contains("ConnectionStrings__RabbitMq", environment);
        }
    }

    [Fact]
    public void Every_service_project_in_the_repository_is_in_the_compose_file()
    {
        var apis = Directory.GetFiles(Path.Combine(RepoPaths.Root, "services"), "*.Api.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'));
        var built = Services.Children.Values.OfType<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey("build"))
            .Select(s => ((YamlMappingNode)((YamlMappingNode)s["build"])["args"])["PROJECT"].ToString()).ToHashSet();
        Assert.All(apis, api => Assert.Contains(api, built));
    }

    [Fact]
    public void The_servers_and_a_trace_viewer_are_there() =>
        Assert.All(new[] { "postgres", "rabbitmq", "jaeger" }, name => Assert.True(Services.Children.ContainsKey(name), name));

    /// <summary>#17: a chiseled runtime with ICU and time zones, no shell or curl in it, and a restore layer that survives a source edit.</summary>
    [Fact]
    public void The_image_is_chiseled_with_a_cached_restore_and_no_curl()
    {
        var recipe = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy/Dockerfile.service"));
        var runtime = recipe[recipe.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        Assert.Contains("aspnet:${DOTNET_TAG}-noble-chiseled-extra", runtime, StringComparison.Ordinal);
        Assert.DoesNotContain("RUN ", runtime, StringComparison.Ordinal); // nothing installed, nothing to run it with
        Assert.DoesNotContain("curl", runtime, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"/app/service\"]", runtime, StringComparison.Ordinal);
        var build = recipe[recipe.IndexOf("AS build", StringComparison.Ordinal)..];
        Assert.True(build.IndexOf("dotnet restore", StringComparison.Ordinal) < build.IndexOf("COPY . .", StringComparison.Ordinal),
            "restore runs on the project files alone, before the sources are copied");
    }
}
