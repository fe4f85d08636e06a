// ./platform audit verify --export FILE --heads FILE [--key BASE64]
//
// Checks a ledger export (GET /api/audit/export) against the signed heads a witness kept (ledger.head_signed, one
// JSON object per line, as the README's witness guide stores them): every signature, consistency between successive
// heads, every entry's hash and link, the export's Merkle root at each head, and every cash distribution recomputed
// by the platform's rules (RevenueSharing.Rules). The public key comes from the witness (--key, or a {"type":"key"}
// line in the heads file), never from the export under test. Exit code 0: valid; 1: findings; 2: usage.
using System.Diagnostics;
using RevenueSharing.Rules.Audit;

string? exportPath = null, headsPath = null, key = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--export": exportPath = args[i + 1]; break;
        case "--heads": headsPath = args[i + 1]; break;
        case "--key": key = args[i + 1]; break;
        default: return Usage($"unknown option {args[i]}");
    }
}
if (exportPath is null || headsPath is null) return Usage("--export and --heads are required");
if (!File.Exists(exportPath)) return Usage($"no file {exportPath}");
if (!File.Exists(headsPath)) return Usage($"no file {headsPath}");

var clock = Stopwatch.StartNew();
List<object> heads;
try
{
    using var stream = File.OpenRead(headsPath);
    heads = LedgerExport.Read(stream).ToList();
}
catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
{
    return Usage($"the heads file is malformed: {e.Message}");
}
key ??= heads.OfType<ExportedKey>().Select(k => k.PublicKey).FirstOrDefault();
if (key is null) return Usage("no public key: pass --key BASE64 or keep a {\"type\":\"key\",\"publicKey\":...} line with the heads");
byte[] publicKey;
try { publicKey = Convert.FromBase64String(key); }
catch (FormatException) { return Usage("--key is not base64"); }

LedgerAudit.Report report;
try
{
    using var stream = File.OpenRead(exportPath);
    report = LedgerAudit.Verify(stream, heads.OfType<ExportedHead>(), publicKey);
}
catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException or OverflowException or InvalidOperationException)
{
    return Usage($"the export is malformed: {e.Message}");
}

Console.WriteLine($"entries: {report.Entries}, witnessed heads: {report.Heads}, distributions recomputed: {report.Distributions}, " +
    $"in {clock.Elapsed.TotalSeconds:0.00} s");
foreach (var finding in report.Findings)
    Console.WriteLine($"FINDING {finding.Code}{(finding.Entry is { } e ? $" (entry {e})" : "")}: {finding.Message}");
if (report.VerifiedHeads == 0)
{
    // Without a head the platform signed, a chain rewritten consistently from end to end would pass every other check.
    Console.WriteLine("NOT WITNESSED: no head in the heads file verifies with the key; the export cannot be checked against the log.");
    return 1;
}
Console.WriteLine(report.Valid ? "VALID: the export matches every witnessed head and every distribution follows the rules."
    : $"INVALID: {report.Findings.Count} finding(s).");
return report.Valid ? 0 : 1;

static int Usage(string problem)
{
    Console.Error.WriteLine($"verify: {problem}");
    Console.Error.WriteLine("usage: ./platform audit verify --export FILE --heads FILE [--key BASE64]");
    return 2;
}
