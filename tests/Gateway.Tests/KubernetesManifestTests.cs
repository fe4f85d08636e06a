using System.Text.Json;
using Json.Schema;
using Platform.Testing;
using YamlDotNet.RepresentationModel;
using static Gateway.Tests.RenderedManifests;

namespace Gateway.Tests;

/// <summary>
/// #17, as kubeconform -strict would check it, offline: every object of every overlay, as kubectl kustomize renders
/// it, is valid against the schema of its kind (Kubernetes 1.33 and the operators' CRDs, vendored in
/// deploy/k8s/schemas; an unknown field is an error, an unknown kind too). Then the policies (the workloads' own, of
/// every overlay, are KubernetesPolicyTests'): every namespace denies by default;
/// no Secret is committed or carries a literal value, and every Secret named is made; production pins the platform's
/// images by digest, the data plane's by version, and takes its Secrets from the external store.
/// </summary>
public class KubernetesManifestTests
{
    public static TheoryData<string> AllOverlays() => [.. Overlays];

    private static readonly Dictionary<string, JsonSchema> Schemas = Directory
        .GetFiles(Path.Combine(RepoPaths.Root, "deploy/k8s/schemas"), "*.json")
        .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => JsonSchema.FromText(File.ReadAllText(f),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://schemas.platform.test/{Path.GetFileName(f)}")));

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    private static string SchemaName(YamlMappingNode o)
    {
        var apiVersion = o["apiVersion"].ToString();
        var (group, version) = apiVersion.Contains('/') ? (apiVersion[..apiVersion.IndexOf('/')], apiVersion[(apiVersion.IndexOf('/') + 1)..]) : ("core", apiVersion);
        return $"{group}_{version}_{Kind(o)}";
    }

    [Theory]
    [MemberData(nameof(AllOverlays))]
    public void Every_object_is_valid_against_the_schema_of_its_kind(string overlay)
    {
        var objects = Of(overlay);
        Assert.NotEmpty(objects);
        var problems = new List<string>();
        foreach (var o in objects)
        {
            var where = $"{Kind(o)}/{Name(o)} ({Namespace(o)})";
            if (!Schemas.TryGetValue(SchemaName(o), out var schema))
            {
                problems.Add($"{where}: no schema {SchemaName(o)}.json in deploy/k8s/schemas");
                continue;
            }
            using var json = JsonDocument.Parse(ToJson(o)!.ToJsonString());
            var result = schema.Evaluate(json.RootElement, Evaluation);
            if (result.IsValid) continue;
            problems.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{where} {d.InstanceLocation}: {e.Value}")).Take(5));
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>The check has teeth: a misspelt field, a wrong type and a missing required field are each caught.</summary>
    [Fact]
    public void A_misspelt_field_a_wrong_type_and_a_missing_requirement_are_rejected()
    {
        var deployment = Of("production").First(o => Kind(o) == "Deployment");
        bool Valid(Action<System.Text.Json.Nodes.JsonNode> edit)
        {
            var node = ToJson(deployment)!;
            edit(node);
            using var json = JsonDocument.Parse(node.ToJsonString());
            return Schemas[SchemaName(deployment)].Evaluate(json.RootElement, Evaluation).IsValid;
        }
        Assert.True(Valid(_ => { }));
        Assert.False(Valid(n => n["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolcy"] = "Always"));
        Assert.False(Valid(n => n["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = "thirty-five"));
        Assert.False(Valid(n => n["spec"]!.AsObject().Remove("selector")));
        var pooler = Of("production").Single(o => Kind(o) == "Pooler");
        using var statement = JsonDocument.Parse(ToJson(pooler)!.ToJsonString().Replace("\"session\"", "\"statement\"", StringComparison.Ordinal));
        Assert.False(Schemas[SchemaName(pooler)].Evaluate(statement.RootElement, Evaluation).IsValid);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("production")]
    public void Every_namespace_denies_all_traffic_by_default(string overlay)
    {
        var objects = Of(overlay);
        var namespaces = objects.Where(o => Kind(o) == "Namespace").Select(Name).ToList();
        Assert.Equal(["tech-transfer", "tech-transfer-data"], namespaces.Order());
        foreach (var ns in namespaces)
            Assert.Contains(objects, o => Kind(o) == "NetworkPolicy" && Namespace(o) == ns && At(o, "spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
                && At(o, "spec", "ingress") is null && At(o, "spec", "egress") is null
                && ((YamlSequenceNode)At(o, "spec", "policyTypes")!).Select(n => n.ToString()).Order().SequenceEqual(["Egress", "Ingress"]));
        // Everything namespaced lands in one of them.
        Assert.All(objects.Where(o => Kind(o) != "Namespace"), o => Assert.Contains(Namespace(o), namespaces));
    }

    [Fact]
    public void No_secret_is_committed_or_literal_and_production_takes_them_from_the_store()
    {
        var k8s = Path.Combine(RepoPaths.Root, "deploy/k8s");
        foreach (var file in Directory.GetFiles(k8s, "*.yaml", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"(?m)^kind:\s*Secret\s*$", text);
            if (Path.GetFileName(file) != "kustomization.yaml") continue;
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            if (At(yaml.Documents[0].RootNode, "secretGenerator") is YamlSequenceNode generators)
                Assert.All(generators, g => Assert.Null(At(g, "literals"))); // from files the operator makes, never a value in git
        }
        Assert.DoesNotContain(Of("production"), o => Kind(o) == "Secret");
        Assert.DoesNotContain(Of("production/migrations"), o => Kind(o) == "Secret");
        // Every Secret a workload or an operator's resource names exists: in production as an ExternalSecret target of
        // its namespace, locally as a generated Secret.
        foreach (var (overlay, made) in new[] { ("production", ExternalSecrets("production")), ("local", Secrets("local")) })
        {
            var referenced = SecretReferences(Of(overlay)).Concat(SecretReferences(Of($"{overlay}/migrations"))).ToHashSet();
            Assert.Contains(("tech-transfer-data", "pg-revenue-sharing-app"), referenced); // the walk finds the operators' references too
            Assert.Empty(referenced.Except(made));
        }
        // The local overlay makes what production takes from the store, but the backup's keys (no backup locally).
        Assert.Equal([("tech-transfer-data", "backup-object-store")], ExternalSecrets("production").Except(Secrets("local")));
    }

    private static HashSet<(string? Namespace, string Name)> ExternalSecrets(string overlay) =>
        Of(overlay).Where(o => Kind(o) == "ExternalSecret").Select(o => (Namespace(o), At(o, "spec", "target", "name")!.ToString())).ToHashSet();

    private static HashSet<(string? Namespace, string Name)> Secrets(string overlay) =>
        Of(overlay).Where(o => Kind(o) == "Secret").Select(o => (Namespace(o), Name(o))).ToHashSet();

    /// <summary>Every Secret named by an object: env and envFrom references, CloudNativePG's passwordSecret and
    /// s3Credentials, the topology operator's importCredentialsSecret, KEDA's secretTargetRef.</summary>
    private static IEnumerable<(string? Namespace, string Name)> SecretReferences(IEnumerable<YamlMappingNode> objects)
    {
        string[] holders = ["secretKeyRef", "secretRef", "passwordSecret", "importCredentialsSecret", "accessKeyId", "secretAccessKey"];
        foreach (var o in objects.Where(o => Kind(o) is not ("ExternalSecret" or "Secret")))
        {
            var found = new List<string>();
            void Walk(YamlNode node, string? key)
            {
                switch (node)
                {
                    case YamlMappingNode map:
                        if (key is not null && holders.Contains(key) && At(map, "name") is YamlScalarNode { Value: { } name }) found.Add(name);
                        foreach (var (k, v) in map.Children) Walk(v, k.ToString());
                        break;
                    case YamlSequenceNode list:
                        foreach (var item in list)
                        {
                            if (key == "secretTargetRef" && At(item, "name") is YamlScalarNode { Value: { } target }) found.Add(target);
                            Walk(item, null);
                        }
                        break;
                }
            }
            Walk(o, null);
            foreach (var name in found) yield return (Namespace(o), name);
        }
    }

    [Fact]
    public void Production_pins_every_image_by_digest_and_names_the_migrations_for_the_release()
    {
        foreach (var overlay in new[] { "production", "production/migrations" })
            foreach (var image in Of(overlay).Where(o => Kind(o) is "Deployment" or "Job")
                         .SelectMany(o => o.AllNodes.OfType<YamlMappingNode>()).Select(m => At(m, "image")).OfType<YamlScalarNode>())
                Assert.Matches("@sha256:[0-9a-f]{64}$", image.Value!);
        // The data plane's versions are ours, not whatever the operator defaults to after its own upgrade.
        Assert.Matches(@":\d+$", At(Of("production").Single(o => Kind(o) == "Cluster"), "spec", "imageName")!.ToString());
        Assert.Matches(@":\d+\.\d+", At(Of("production").Single(o => Kind(o) == "RabbitmqCluster"), "spec", "image")!.ToString());
        var jobs = Of("production/migrations");
        Assert.Equal(ServiceTable.Services.Count, jobs.Count);
        Assert.All(jobs, j => Assert.Matches(@"^[a-z-]+-migrate-r[0-9a-z-]+$", Name(j)));
        // The migrations log in as the owner; no service pod holds the owner's password: each runs as its runtime role.
        foreach (var service in ServiceTable.Services)
        {
            var deployment = Of("production").Single(o => Kind(o) == "Deployment" && Name(o) == service.Name);
            var scalars = deployment.AllNodes.OfType<YamlScalarNode>().Select(s => s.Value).ToList();
            Assert.DoesNotContain($"pg-{service.Name}-owner", scalars);
            Assert.Contains($"pg-{service.Name}-app", scalars);
            var job = jobs.Single(j => Name(j).StartsWith($"{service.Name}-migrate-", StringComparison.Ordinal));
            Assert.Contains($"pg-{service.Name}-owner", job.AllNodes.OfType<YamlScalarNode>().Select(s => s.Value));
        }
    }

    [Fact]
    public void Each_service_scales_on_cpu_and_its_queues_and_the_gateway_on_cpu()
    {
        var objects = Of("production");
        foreach (var service in ServiceTable.Services)
        {
            var scaled = Assert.Single(objects, o => Kind(o) == "ScaledObject" && At(o, "spec", "scaleTargetRef", "name")?.ToString() == service.Name);
            var triggers = ((YamlSequenceNode)At(scaled, "spec", "triggers")!).Select(t => At(t, "type")!.ToString()).ToList();
            Assert.Equal(["cpu", "rabbitmq"], triggers);
            Assert.DoesNotContain(objects, o => Kind(o) == "HorizontalPodAutoscaler" && At(o, "spec", "scaleTargetRef", "name")?.ToString() == service.Name);
        }
        Assert.Contains(objects, o => Kind(o) == "HorizontalPodAutoscaler" && At(o, "spec", "scaleTargetRef", "name")?.ToString() == "gateway");
    }
}
