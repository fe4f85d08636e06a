using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests;

/// <summary>
/// The Kubernetes overlays as a cluster would receive them: each rendered by <c>kubectl kustomize</c> (the one
/// ./platform test installs when the machine has none: PLATFORM_KUBECTL), once per test run. The local overlay needs
/// its secret files, so it is rendered from a copy of deploy/k8s where its own make-secrets.sh has made them.
/// </summary>
public static class RenderedManifests
{
    public static readonly string[] Overlays = ["local", "local/migrations", "production", "production/migrations"];

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<YamlMappingNode>>> Rendered = new(RenderAll);

    public static IReadOnlyList<YamlMappingNode> Of(string overlay) => Rendered.Value[overlay];

    private static Dictionary<string, IReadOnlyList<YamlMappingNode>> RenderAll()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"k8s-render-{Guid.NewGuid():N}");
        CopyDirectory(Path.Combine(RepoPaths.Root, "deploy/k8s"), copy);
        try
        {
            foreach (var stale in Directory.GetFiles(Path.Combine(copy, "overlays/local/secrets")).Where(f => !f.EndsWith(".gitignore", StringComparison.Ordinal)))
                File.Delete(stale); // the operator's own files, if any, are not the test's
            Run("bash", [Path.Combine(copy, "overlays/local/make-secrets.sh")]);
            return Overlays.ToDictionary(o => o, o => (IReadOnlyList<YamlMappingNode>)Parse(Run(Kubectl, ["kustomize", Path.Combine(copy, "overlays", o)])));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>kubectl 1.27 or later (kustomize v5: components, labels); ./platform test provides one.</summary>
    public static string Kubectl => Environment.GetEnvironmentVariable("PLATFORM_KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    private static List<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static string Run(string file, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {errors.Result}");
        return output.Result;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from)) CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }

    public static string Kind(YamlMappingNode o) => o["kind"].ToString();

    public static string Name(YamlMappingNode o) => ((YamlMappingNode)o["metadata"])["name"].ToString();

    public static string? Namespace(YamlMappingNode o) => At(o, "metadata", "namespace")?.ToString();

    public static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(step), out var next)) return null;
            node = next;
        }
        return node;
    }

    /// <summary>A YAML node as JSON, typed as YAML 1.2's core schema reads a plain scalar (quoted scalars are strings).</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(c.Key.ToString(), ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static JsonNode? Plain(string value)
    {
        if (value is "" or "~" or "null" or "Null" or "NULL") return null;
        if (value is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (value is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (System.Text.RegularExpressions.Regex.IsMatch(value, @"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"))
            return JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture));
        return JsonValue.Create(value);
    }
}
