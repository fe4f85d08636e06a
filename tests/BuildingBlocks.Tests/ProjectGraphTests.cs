using System.Xml.Linq;
using Platform.Testing;

namespace BuildingBlocks.Tests;

/// <summary>
/// What may depend on what (README, Architecture): contracts and the audit rules touch no I/O, so that a consumer of
/// an event, or an auditor running the offline verifier, inherits no database, broker or web stack.
/// </summary>
public class ProjectGraphTests
{
    private static (IReadOnlyList<string> Projects, IReadOnlyList<string> Packages) References(string project)
    {
        var xml = XDocument.Load(Path.Combine(RepoPaths.Root, project));
        return (xml.Descendants("ProjectReference").Select(r => Path.GetFileName(r.Attribute("Include")!.Value)).ToList(),
            xml.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList());
    }

    public static TheoryData<string> Contracts() =>
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, "services"), "*.Contracts.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p)),
    ];

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Contracts_reference_only_primitives_and_other_contracts(string project)
    {
        var (projects, packages) = References(project);
        Assert.Empty(packages);
        Assert.All(projects, p => Assert.True(p == "Primitives.csproj" || p.EndsWith(".Contracts.csproj", StringComparison.Ordinal), $"{project} references {p}"));
    }

    /// <summary>Every package a project brings, through its project references too.</summary>
    private static IEnumerable<(string Project, string Package)> PackagesOf(string project)
    {
        var (projects, packages) = References(project);
        var folder = Path.GetDirectoryName(project)!;
        var xml = XDocument.Load(Path.Combine(RepoPaths.Root, project));
        foreach (var package in packages) yield return (project, package);
        foreach (var reference in xml.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value))
        foreach (var inner in PackagesOf(Path.GetRelativePath(RepoPaths.Root, Path.GetFullPath(Path.Combine(RepoPaths.Root, folder, reference)))))
            yield return inner;
    }

    [Theory]
    [InlineData("gateway/Platform.Gateway/Platform.Gateway.csproj")]
    [InlineData("services/ServiceDefaults/ServiceDefaults.csproj")]
    public void The_gateway_and_the_service_defaults_carry_no_broker_and_no_database(string project)
    {
        var io = PackagesOf(project).Where(p => p.Package.StartsWith("MassTransit", StringComparison.Ordinal)
            || p.Package.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || p.Package.StartsWith("Npgsql", StringComparison.Ordinal)
            || p.Package.StartsWith("EFCore", StringComparison.Ordinal) || p.Package.Contains("HealthChecks.Rabbitmq", StringComparison.Ordinal)).ToList();
        Assert.True(io.Count == 0, string.Join(", ", io.Select(p => $"{p.Project} brings {p.Package}")));
        Assert.DoesNotContain(References(project).Projects, p => p == "BuildingBlocks.csproj");
    }

    [Theory]
    [InlineData("services/RevenueSharing/RevenueSharing.Rules/RevenueSharing.Rules.csproj")]
    [InlineData("services/RevenueSharing/RevenueSharing.Verifier/RevenueSharing.Verifier.csproj")]
    [InlineData("services/Primitives/Primitives.csproj")]
    public void The_rules_and_the_offline_verifier_need_no_platform(string project)
    {
        var (projects, packages) = References(project);
        Assert.All(packages, p => Assert.Equal("NSec.Cryptography", p)); // Ed25519, no I/O
        Assert.All(projects, p => Assert.True(p is "Primitives.csproj" or "RevenueSharing.Rules.csproj" || p.EndsWith(".Contracts.csproj", StringComparison.Ordinal),
            $"{project} references {p}"));
    }
}
