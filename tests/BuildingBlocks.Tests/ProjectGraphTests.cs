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
