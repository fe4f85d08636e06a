using System.Globalization;

namespace Platform.Testing;

/// <summary>
/// The platform's one service table (deploy/services.tsv): every process with its project, port, database and the
/// secrets it needs beyond the JWT key. The test fixtures start processes from it, and the generated files
/// (the gateway's routes, docker-compose.yml, deploy/k8s) are made from it.
/// </summary>
public static class ServiceTable
{
    public sealed record Row(string Name, string Project, int Port, string? Database, IReadOnlySet<string> Secrets)
    {
        /// <summary>The assembly is named as the project folder's last segment.</summary>
        public string Assembly => Path.GetFileName(Project);

        public string ProjectFile => $"{Project}/{Assembly}.csproj";

        public string Built => RepoPaths.Built(Project, Assembly);

        public bool Needs(string secret) => Secrets.Contains(secret);
    }

    public const string AppRoleSecret = "app-role";
    public const string LedgerKeySecret = "ledger-key";

    public static IReadOnlyList<Row> All { get; } = Load();

    public static Row Gateway => All.Single(r => r.Name == "gateway");

    /// <summary>The four services, in the table's order.</summary>
    public static IReadOnlyList<Row> Services => All.Where(r => r.Name != "gateway").ToList();

    private static List<Row> Load() =>
        File.ReadLines(Path.Combine(RepoPaths.Root, "deploy", "services.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(c => new Row(c[0], c[1], int.Parse(c[2], CultureInfo.InvariantCulture), c[3] == "-" ? null : c[3],
                (c[4] == "-" ? [] : c[4].Split(',')).ToHashSet()))
            .ToList();
}
