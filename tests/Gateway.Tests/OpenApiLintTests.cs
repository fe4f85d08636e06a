using System.Text.Json.Nodes;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// The committed OpenAPI documents pass Redocly's recommended rules with no error and no warning
/// (tests/OpenApiLint/redocly.yaml says which rule is off and why). Redocly CLI is pinned in tests/OpenApiLint's
/// package-lock.json and installed there with npm ci on first use.
/// </summary>
public class OpenApiLintTests
{
    private static readonly string LintDirectory = Path.Combine(RepoPaths.Root, "tests/OpenApiLint");
    private static readonly SemaphoreSlim Install = new(1, 1);

    [Theory]
    [MemberData(nameof(OpenApiDocumentTests.Documents), MemberType = typeof(OpenApiDocumentTests))]
    public async Task The_document_passes_Redocly_recommended_with_no_error_and_no_warning(string service, string path)
    {
        var redocly = await RedoclyAsync();
        var (code, output, errors) = await ExternalCommand.RunAsync(redocly,
            ["lint", "--config", "redocly.yaml", "--format=json", OpenApiDocumentTests.Committed(path)], LintDirectory);
        var report = JsonNode.Parse(output) ?? throw new InvalidOperationException($"Redocly printed no report: {errors}");
        var problems = report["problems"]!.AsArray().Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}");
        Assert.True(code == 0 && report["totals"]!["errors"]!.GetValue<int>() == 0 && report["totals"]!["warnings"]!.GetValue<int>() == 0,
            $"{service}'s document ({path}):\n{string.Join('\n', problems)}");
    }

    private static async Task<string> RedoclyAsync()
    {
        var redocly = Path.Combine(LintDirectory, "node_modules/.bin/redocly");
        await Install.WaitAsync();
        try
        {
            if (!File.Exists(redocly))
            {
                var (code, output, errors) = await ExternalCommand.RunAsync("npm", ["ci", "--no-audit", "--no-fund"], LintDirectory);
                Assert.True(code == 0, $"npm ci in tests/OpenApiLint failed:\n{output}\n{errors}");
            }
        }
        finally { Install.Release(); }
        return redocly;
    }
}
