using YamlDotNet.RepresentationModel;

namespace Gateway.Tests;

/// <summary>
/// The Kubernetes base's own rules (#17), read from its files: every workload runs restricted (non-root, read-only root,
/// no privilege escalation, all capabilities dropped), with requests and limits and no service-account token; every
/// Deployment has startup, readiness and liveness probes, a preStop pause and a disruption budget; the namespace
/// enforces the restricted Pod Security profile and denies all traffic but what a policy allows.
/// </summary>
public class KubernetesPolicyTests
{
    /// <summary>The production overlay as rendered (RenderedManifests), with its migration Jobs.</summary>
    private static readonly IReadOnlyList<YamlMappingNode> Objects = [.. RenderedManifests.Of("production"), .. RenderedManifests.Of("production/migrations")];

    private static string Kind(YamlMappingNode o) => RenderedManifests.Kind(o);

    private static string Name(YamlMappingNode o) => RenderedManifests.Name(o);

    private static YamlNode? At(YamlNode node, params string[] path) => RenderedManifests.At(node, path);

    /// <summary>Every Deployment and Job of every overlay (KubernetesManifestTests renders them).</summary>
    public static TheoryData<string, string> Workloads()
    {
        var data = new TheoryData<string, string>();
        foreach (var overlay in RenderedManifests.Overlays)
            foreach (var o in RenderedManifests.Of(overlay).Where(o => Kind(o) is "Deployment" or "Job")) data.Add(overlay, $"{Kind(o)}/{Name(o)}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Every_workload_runs_restricted_with_requests_and_limits(string overlay, string workload)
    {
        var o = RenderedManifests.Of(overlay).Single(x => $"{Kind(x)}/{Name(x)}" == workload);
        var pod = (YamlMappingNode)At(o, "spec", "template", "spec")!;
        Assert.Equal("true", At(pod, "securityContext", "runAsNonRoot")?.ToString());
        Assert.Equal("RuntimeDefault", At(pod, "securityContext", "seccompProfile", "type")?.ToString());
        Assert.Equal("false", At(pod, "automountServiceAccountToken")?.ToString());
        foreach (var container in ((YamlSequenceNode)pod["containers"]).Cast<YamlMappingNode>())
        {
            var where = $"{overlay}: {workload} container {container["name"]}";
            Assert.True(At(container, "resources", "requests", "cpu") is not null && At(container, "resources", "requests", "memory") is not null, $"{where}: requests");
            Assert.True(At(container, "resources", "limits", "memory") is not null, $"{where}: a memory limit");
            Assert.Equal("false", At(container, "securityContext", "allowPrivilegeEscalation")?.ToString());
            Assert.Equal("true", At(container, "securityContext", "readOnlyRootFilesystem")?.ToString());
            Assert.Contains("ALL", ((YamlSequenceNode)At(container, "securityContext", "capabilities", "drop")!).Select(n => n.ToString()));
            if (Kind(o) != "Deployment") continue;
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
                Assert.True(At(container, probe) is not null, $"{where}: {probe}");
            Assert.NotNull(At(container, "lifecycle", "preStop"));
        }
    }

    [Fact]
    public void Every_deployment_keeps_a_replica_through_a_drain_spreads_over_nodes_and_scales_on_load()
    {
        var budgets = Objects.Where(o => Kind(o) == "PodDisruptionBudget")
            .ToDictionary(o => At(o, "spec", "selector", "matchLabels", "app.kubernetes.io/name")!.ToString(), o => At(o, "spec", "minAvailable")!.ToString());
        foreach (var deployment in Objects.Where(o => Kind(o) == "Deployment"))
        {
            Assert.Equal("1", budgets.GetValueOrDefault(Name(deployment)));
            Assert.Contains(Objects, o => Kind(o) is "HorizontalPodAutoscaler" or "ScaledObject" && At(o, "spec", "scaleTargetRef", "name")?.ToString() == Name(deployment));
            Assert.NotNull(At(deployment, "spec", "template", "spec", "topologySpreadConstraints"));
        }
    }

    [Fact]
    public void The_namespace_enforces_restricted_pods_and_denies_all_traffic_by_default()
    {
        var ns = Assert.Single(Objects, o => Kind(o) == "Namespace" && Name(o) == "tech-transfer");
        Assert.Equal("restricted", At(ns, "metadata", "labels", "pod-security.kubernetes.io/enforce")?.ToString());
        var denyAll = Assert.Single(Objects, o => Kind(o) == "NetworkPolicy" && RenderedManifests.Namespace(o) == "tech-transfer" && At(o, "spec", "podSelector") is YamlMappingNode { Children.Count: 0 }
            && At(o, "spec", "ingress") is null && At(o, "spec", "egress") is null);
        Assert.Equal(["Ingress", "Egress"], ((YamlSequenceNode)At(denyAll, "spec", "policyTypes")!).Select(n => n.ToString()));
    }

    [Fact]
    public void The_one_public_entry_is_the_gateway_over_tls()
    {
        var ingress = Assert.Single(Objects, o => Kind(o) == "Ingress");
        Assert.NotNull(At(ingress, "spec", "tls"));
        var backends = ((YamlSequenceNode)At(ingress, "spec", "rules")!).SelectMany(r => (YamlSequenceNode)At(r, "http", "paths")!)
            .Select(p => At(p, "backend", "service", "name")!.ToString()).Distinct();
        Assert.Equal(["gateway"], backends);
    }
}
