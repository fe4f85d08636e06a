using Gateway.Tests.Generated;

namespace Gateway.Tests;

/// <summary>
/// One source for the route table and one for the service table (#16): the gateway's routes are made from the
/// services' own endpoints, and compose and Kubernetes from deploy/services.tsv; the committed files must be what
/// those sources make today. After a change: PLATFORM_UPDATE_GENERATED=1 ./platform test --filter GeneratedFilesTests.
/// </summary>
public class GeneratedFilesTests
{
    [Fact]
    public async Task The_gateway_routes_are_generated_from_the_services_endpoints_and_the_service_table() =>
        GeneratedFile.AssertCurrent(GatewayRoutesFile.RelativePath, GatewayRoutesFile.Render(await ServiceEndpoints.LoadAsync()));

    public static TheoryData<string> DeploymentPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in DeploymentFiles.All()) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(DeploymentPaths))]
    public void Compose_and_Kubernetes_are_generated_from_the_service_table(string path) =>
        GeneratedFile.AssertCurrent(path, DeploymentFiles.All().Single(f => f.Path == path).Content);
}
