using HandlebarsDotNet;
using Platform.Testing;

namespace Gateway.Tests.Generated;

/// <summary>
/// docker-compose.yml and the Kubernetes manifests, rendered from the service table (deploy/services.tsv) through
/// the Handlebars templates in deploy/templates: the list of services, ports and databases is written once.
/// </summary>
public static class DeploymentFiles
{
    private static readonly IHandlebars Handlebars = HandlebarsDotNet.Handlebars.Create(new HandlebarsConfiguration { NoEscape = true });

    /// <summary>Every generated deployment file (path relative to the repository) with what it should hold.</summary>
    public static IEnumerable<(string Path, string Content)> All()
    {
        yield return ("docker-compose.yml", Render("docker-compose.yml.hbs", Model()));
        yield return ("deploy/k8s/base/kustomization.yaml", Render("k8s-kustomization.yaml.hbs", Model()));
        yield return ("deploy/k8s/base/gateway.yaml", Render("k8s-gateway.yaml.hbs", Model()));
        yield return ("deploy/k8s/base/migrations/kustomization.yaml", Render("k8s-migrations-kustomization.yaml.hbs", Model()));
        foreach (var service in ServiceTable.Services)
        {
            yield return ($"deploy/k8s/base/{service.Name}.yaml", Render("k8s-service.yaml.hbs", Of(service)));
            yield return ($"deploy/k8s/base/migrations/{service.Name}-migrate.yaml", Render("k8s-migration.yaml.hbs", Of(service)));
        }
    }

    private static object Model() => new { services = ServiceTable.Services.Select(Of).ToList(), gateway = Of(ServiceTable.Gateway) };

    private static object Of(ServiceTable.Row row) => new
    {
        name = row.Name,
        port = row.Port,
        database = row.Database,
        assembly = row.Assembly,
        projectFile = row.ProjectFile,
        appRole = row.Needs(ServiceTable.AppRoleSecret),
        ledgerKey = row.Needs(ServiceTable.LedgerKeySecret),
    };

    private static string Render(string template, object model) =>
        Handlebars.Compile(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "templates", template)))(model);
}
