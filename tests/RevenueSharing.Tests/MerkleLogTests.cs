using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Rules.Audit;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Tests;

/// <summary>
/// services/RevenueSharing/README.md §7, Merkle log: signed heads, proofs over the API, and the offline verifier,
/// which catches an operator who changes an entry, rewrites the chain consistently, cuts the tail or shows two
/// exchanges different heads, from nothing but the heads an exchange kept.
/// </summary>
public class MerkleLogTests
{
    /// <summary>A service on a database of its own, signing a head as soon as anything is unsigned.</summary>
    private static async Task<RevenueServiceFixture> FreshAsync()
    {
        var fixture = new RevenueServiceFixture();
        await fixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Ledger:Log:IntegrateInterval"] = "00:00:00.200",
            ["Ledger:Log:SignEveryEntries"] = "1",
        });
        return fixture;
    }

    private static async Task<Guid> RecordAsync(RevenueServiceFixture fixture, int receipts, string prefix)
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var university = fixture.Client("university", "fudan");
        Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/costs", new
        {
            dealId, category = "legal", amount = new { amount = "333.33", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow, evidenceRef = "invoice",
        })).StatusCode);
        for (var i = 0; i < receipts; i++)
            Assert.Equal(HttpStatusCode.Created, (await university.PostAsJsonAsync("/api/receipts", new
            {
                dealId, amount = new { amount = $"{1000 + i}.01", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = $"{prefix}-{i}",
            })).StatusCode);
        return dealId;
    }

    private static Task<long> EntriesAsync(RevenueServiceFixture fixture) => fixture.Service.WithDbAsync(db => db.LedgerEntries.LongCountAsync());

    /// <summary>Waits until a signed head covers every entry; returns it.</summary>
    private static async Task<JsonNode> SignedThroughAsync(RevenueServiceFixture fixture)
    {
        var entries = await EntriesAsync(fixture);
        JsonNode? head = null;
        await Eventually.TrueAsync(async () =>
        {
            var response = await fixture.Client("exchange", "STEX").GetAsync("/api/audit/heads/latest");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            head = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return head["treeSize"]!.GetValue<long>() == entries;
        }, TimeSpan.FromSeconds(30), "a signed head over every entry");
        return head!;
    }

    private static async Task<byte[]> PublicKeyAsync(RevenueServiceFixture fixture) =>
        Convert.FromBase64String(JsonNode.Parse(await fixture.Client().GetStringAsync("/.well-known/ledger-key"))!["publicKey"]!.GetValue<string>());

    private static SignedTreeHead Head(JsonNode h) => new(h["treeSize"]!.GetValue<long>(), h["rootHash"]!.GetValue<string>(),
        h["timestamp"]!.GetValue<DateTimeOffset>(), h["signature"]!.GetValue<string>());

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString(node!.GetValue<string>());

    [Fact]
    public async Task Heads_are_signed_and_published_and_prove_inclusion_and_consistency()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        var key = await PublicKeyAsync(fixture);
        var dealId = await RecordAsync(fixture, 1, "H1");
        var first = await SignedThroughAsync(fixture);
        Assert.True(Head(first).VerifiesWith(key));
        await RecordAsync(fixture, 2, "H2");
        var second = await SignedThroughAsync(fixture);
        Assert.True(Head(second).VerifiesWith(key));
        var (m, n) = (first["treeSize"]!.GetValue<long>(), second["treeSize"]!.GetValue<long>());

        // Any role may fetch heads and consistency proofs: the exchanges are the witnesses.
        var consistency = JsonNode.Parse(await fixture.Client("exchange", "STEX").GetStringAsync($"/api/audit/proofs/consistency?from={m}&to={n}"))!;
        Assert.True(MerkleTree.VerifyConsistency(m, n, Hex(first["rootHash"]), Hex(second["rootHash"]),
            consistency["proof"]!.AsArray().Select(Hex).ToList()));
        var heads = JsonNode.Parse(await fixture.Client("university", "fudan").GetStringAsync("/api/audit/heads"))!["items"]!.AsArray();
        Assert.Contains(heads, h => h!["treeSize"]!.GetValue<long>() == n);
        // A limit out of 1-200 is refused, as on every list (it was silently clamped here).
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client("exchange", "STEX").GetAsync("/api/audit/heads?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Client("exchange", "STEX").GetAsync("/api/audit/heads?limit=201")).StatusCode);

        // Inclusion proofs name entries: auditors only. The leaf is the entry's canonical JSON.
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "STEX").GetAsync($"/api/audit/proofs/inclusion?entry=1&treeSize={n}")).StatusCode);
        var auditor = fixture.Client("auditor");
        var export = LedgerExport.Read(new StringReader(await auditor.GetStringAsync("/api/audit/export"))).ToList();
        var entry1 = export.OfType<ExportedEntry>().Single(e => e.Sequence == 1);
        var inclusion = JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/proofs/inclusion?entry=1&treeSize={n}"))!;
        Assert.Equal(Convert.ToHexStringLower(MerkleTree.LeafHash(Encoding.UTF8.GetBytes(entry1.CanonicalJson()))), inclusion["leafHash"]!.GetValue<string>());
        Assert.True(MerkleTree.VerifyInclusion(0, n, Hex(inclusion["leafHash"]), inclusion["auditPath"]!.AsArray().Select(Hex).ToList(), Hex(second["rootHash"])));
        Assert.Equal(HttpStatusCode.BadRequest, (await auditor.GetAsync("/api/audit/proofs/inclusion?entry=0")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await auditor.GetAsync($"/api/audit/proofs/inclusion?entry={n + 1}&treeSize={n}")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await auditor.GetAsync($"/api/audit/proofs/consistency?from={n}&to={m}")).StatusCode);

        // The payout trace carries each entry's inclusion proof against the latest head.
        var trace = JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/deals/{dealId}/trace"))!;
        var traceHead = trace["head"]!;
        foreach (var e in trace["entries"]!.AsArray())
        {
            var proof = e!["inclusion"]!;
            Assert.True(MerkleTree.VerifyInclusion(proof["leafIndex"]!.GetValue<long>(), traceHead["treeSize"]!.GetValue<long>(),
                Hex(proof["leafHash"]), proof["auditPath"]!.AsArray().Select(Hex).ToList(), Hex(traceHead["rootHash"])));
        }

        // Each head went to the outbox as ledger.head_signed, for every exchange's feed and webhooks.
        var published = await fixture.Service.WithDbAsync(db => db.Set<Platform.BuildingBlocks.Messaging.OutboxMessage>()
            .Where(o => o.MessageType.StartsWith("RevenueSharing.Contracts.LedgerHeadSigned")).CountAsync());
        Assert.True(published >= 2);
        Assert.Contains("Ed25519", await fixture.Client().GetStringAsync("/.well-known/ledger-key"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_and_its_heads_are_append_only_for_the_service()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        await RecordAsync(fixture, 1, "A");
        await SignedThroughAsync(fixture);
        // The service's own connection (its login role): no UPDATE or DELETE on what witnesses rely on.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Service.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE ledger_signed_heads SET root_hash = root_hash")));
        Assert.Contains("ledger_signed_heads", refused.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM ledger_tree_nodes")));
    }

    private static async Task ExecuteAsSuperuserAsync(RevenueServiceFixture fixture, string sql)
    {
        // Behind the service's back: the test's superuser switches the append-only triggers off (session_replication_role).
        await using var connection = await TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString);
        await using var command = new Npgsql.NpgsqlCommand($"SET session_replication_role = replica; {sql}; SET session_replication_role = origin;", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExportFileAsync(RevenueServiceFixture fixture, string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, await fixture.Client("auditor").GetStringAsync("/api/audit/export"));
        return path;
    }

    private static LedgerAudit.Report Audit(string exportPath, IEnumerable<ExportedHead> heads, byte[] key)
    {
        using var reader = File.OpenText(exportPath);
        return LedgerAudit.Verify(LedgerExport.Read(reader), heads, key);
    }

    [Fact]
    public async Task The_offline_verifier_catches_a_changed_entry_a_consistent_rewrite_a_cut_tail_and_a_fork()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        var key = await PublicKeyAsync(fixture);
        for (var deal = 0; deal < 3; deal++)
        {
            await RecordAsync(fixture, 2, $"T{deal}");
            await SignedThroughAsync(fixture); // heads along the way, as an exchange receives them
        }
        // What an exchange kept: every head it was sent, and the key, in the witness file format.
        var witnessed = JsonNode.Parse(await fixture.Client("exchange", "STEX").GetStringAsync("/api/audit/heads?limit=200"))!["items"]!.AsArray()
            .Select(h => new ExportedHead(h!["treeSize"]!.GetValue<long>(), h["rootHash"]!.GetValue<string>(), h["timestamp"]!.GetValue<DateTimeOffset>(),
                h["signature"]!.GetValue<string>())).ToList();
        Assert.True(witnessed.Count >= 3);
        var headsPath = Path.Combine(Path.GetTempPath(), $"heads-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(headsPath, [System.Text.Json.JsonSerializer.Serialize(new ExportedKey(Convert.ToBase64String(key)), LedgerExport.Json),
            .. witnessed.Select(h => System.Text.Json.JsonSerializer.Serialize(h, LedgerExport.Json))]);

        // Untouched: valid, through the command users run.
        var clean = await ExportFileAsync(fixture, "clean");
        var (code, output) = await RunVerifierAsync(clean, headsPath);
        Assert.True(code == 0, output);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
        var report = Audit(clean, witnessed, key);
        Assert.True(report.Valid, string.Join("\n", report.Findings));
        Assert.True(report.Distributions >= 6);
        var total = report.Entries;

        // 1. One entry's amount changed: its hash no longer recomputes.
        var k = total / 2;
        await ExecuteAsSuperuserAsync(fixture, $"UPDATE ledger_entries SET amount = amount + 1 WHERE sequence = {k}");
        var changed = Audit(await ExportFileAsync(fixture, "changed"), witnessed, key);
        Assert.Contains(changed.Findings, f => f.Code == "entry-changed" && f.Entry == k);

        // 2. The whole chain rewritten consistently from k: every hash recomputes and links, but the witnessed heads
        //    no longer match the export from the first head after k.
        await RewriteChainFromAsync(fixture, k);
        var rewritten = Audit(await ExportFileAsync(fixture, "rewritten"), witnessed, key);
        Assert.DoesNotContain(rewritten.Findings, f => f.Code is "entry-changed" or "entry-unlinked");
        // Named: the first entry after the last head the export still matches (heads come every few entries here).
        var firstDiffering = rewritten.Findings.Where(f => f.Code == "export-differs-from-head").Min(f => f.Entry);
        var lastGoodHead = witnessed.Where(h => h.TreeSize < k).Select(h => h.TreeSize).DefaultIfEmpty(0).Max();
        Assert.Equal(lastGoodHead + 1, firstDiffering);
        Assert.True(firstDiffering <= k);
        (code, output) = await RunVerifierAsync(await ExportFileAsync(fixture, "rewritten-cli"), headsPath);
        Assert.True(code == 1, output);
        Assert.Contains("export-differs-from-head", output, StringComparison.Ordinal);
        // With no head to hold it to, a consistent rewrite would pass every other check: the verifier says so.
        var keyOnly = Path.Combine(Path.GetTempPath(), $"key-only-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(keyOnly, System.Text.Json.JsonSerializer.Serialize(new ExportedKey(Convert.ToBase64String(key)), LedgerExport.Json) + "\n");
        (code, output) = await RunVerifierAsync(await ExportFileAsync(fixture, "unwitnessed"), keyOnly);
        Assert.True(code == 1 && output.Contains("NOT WITNESSED", StringComparison.Ordinal), output);
        // A malformed export is a usage error naming its line, not a crash.
        var malformed = Path.Combine(Path.GetTempPath(), $"malformed-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(malformed, "{\"type\":\"entry\"}\n{not json\n");
        (code, output) = await RunVerifierAsync(malformed, headsPath);
        Assert.True(code == 2 && output.Contains("Line 1", StringComparison.Ordinal), output);

        // 3. The last entries dropped (and the head row moved back): the heads cover entries the export lacks.
        await ExecuteAsSuperuserAsync(fixture, $"DELETE FROM ledger_entries WHERE sequence > {total - 3}");
        var cut = Audit(await ExportFileAsync(fixture, "cut"), witnessed, key);
        Assert.Contains(cut.Findings, f => f.Code == "head-beyond-export" && f.Entry == total - 2);

        // 4. A fork: the operator shows another exchange a different head of the same size, validly signed.
        var forged = SignedTreeHead.Sign(NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519,
            Convert.FromBase64String(TestTokens.LedgerKey), NSec.Cryptography.KeyBlobFormat.RawPrivateKey), witnessed[^1].TreeSize,
            MerkleTree.LeafHash([1, 2, 3]), DateTimeOffset.UtcNow);
        var fork = Audit(clean, [.. witnessed, new ExportedHead(forged.TreeSize, forged.RootHash, forged.Timestamp, forged.Signature)], key);
        Assert.Contains(fork.Findings, f => f.Code == "head-fork");
        // And a head signed by any other key is not the platform's.
        var otherKey = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var stranger = SignedTreeHead.Sign(otherKey, witnessed[0].TreeSize, Convert.FromHexString(witnessed[0].RootHash), DateTimeOffset.UtcNow);
        Assert.Contains(Audit(clean, [new ExportedHead(stranger.TreeSize, stranger.RootHash, stranger.Timestamp, stranger.Signature)], key).Findings,
            f => f.Code == "head-signature");
    }

    [Fact]
    public async Task The_verifier_recomputes_distributions_and_reports_one_below_the_floor_or_off_by_a_fen()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        var key = await PublicKeyAsync(fixture);
        await RecordAsync(fixture, 2, "D");
        var lines = (await fixture.Client("auditor").GetStringAsync("/api/audit/export")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.True(LedgerAudit.Verify(LedgerExport.Read(new StringReader(string.Join('\n', lines))), [], key).Valid);

        // The records say 0.60 was applied where the floor is 0.70.
        var belowFloor = lines.Select(l =>
        {
            var line = JsonNode.Parse(l)!;
            if (line["type"]!.GetValue<string>() != "distribution") return l;
            line["rewardShare"] = "0.60";
            return line.ToJsonString();
        });
        var report = LedgerAudit.Verify(LedgerExport.Read(new StringReader(string.Join('\n', belowFloor))), [], key);
        Assert.Contains(report.Findings, f => f.Code == "below-floor");

        // The verifier's fast path (canonical JSON from the line's own bytes) agrees with the general path on every entry,
        // and leaves lines that are not in the platform's canonical shape to the general path.
        foreach (var line in lines.Where(l => l.EndsWith("\"type\":\"entry\"}", StringComparison.Ordinal)))
        {
            var fast = EntryLine.TryCheck(Encoding.UTF8.GetBytes(line));
            Assert.NotNull(fast);
            var general = CheckedEntry.From((ExportedEntry)LedgerExport.Read(new StringReader(line)).Single(), new byte[1 + 3 * 1024]);
            Assert.Equal(general.Hashes.ToArray(), fast.Hashes.ToArray());
            Assert.True(fast.Recomputes && fast.StoredValid && fast.PrevValid);
            Assert.Equal((general.Sequence, general.DealId, general.Kind, general.Amount, general.PersonId, general.SourceType, general.SourceId),
                (fast.Sequence, fast.DealId, fast.Kind, fast.Amount, fast.PersonId, fast.SourceType, fast.SourceId));
            var reordered = JsonNode.Parse(line)!;
            reordered["amount"] = LedgerExport.Decimal(reordered["amount"]!.GetValue<string>()).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Null(EntryLine.TryCheck(Encoding.UTF8.GetBytes(reordered.ToJsonString()))); // "1000.000" is not canonical
            // Only the export's own layout is matched byte by byte: other key orders, spaces or escapes take the general path.
            var moved = JsonNode.Parse(line)!.AsObject();
            var sequence = moved["sequence"]!.DeepClone();
            moved.Remove("sequence");
            moved["sequence"] = sequence;
            Assert.Null(EntryLine.TryCheck(Encoding.UTF8.GetBytes(moved.ToJsonString())));
            Assert.Null(EntryLine.TryCheck(Encoding.UTF8.GetBytes(line.Replace("\"kind\":", "\"kind\": ", StringComparison.Ordinal))));
            Assert.Null(EntryLine.TryCheck(Encoding.UTF8.GetBytes(line.Replace("\"currency\":\"CNY\"", "\"currency\":\"C\\u004eY\"", StringComparison.Ordinal))));
        }

        // Records that do not match their entries, a cost that may never be deducted, a share that is not the policy's.
        LedgerAudit.Report Edited(string type, Action<JsonNode> edit) => LedgerAudit.Verify(LedgerExport.Read(new StringReader(string.Join('\n',
            lines.Select(l =>
            {
                var line = JsonNode.Parse(l)!;
                if (line["type"]!.GetValue<string>() != type) return l;
                edit(line);
                return line.ToJsonString();
            })))), [], key);
        Assert.Contains(Edited("receipt", r => r["grossCny"] = "1.00").Findings, f => f.Code == "receipt-mismatch");
        Assert.Contains(Edited("cost", c => c["category"] = "overhead").Findings, f => f.Code == "cost-not-allowable");
        Assert.Contains(Edited("cost", c => c["amountCny"] = "1.00").Findings, f => f.Code == "cost-mismatch");
        Assert.Contains(Edited("account", a => a["rewardShare"] = "0.75").Findings, f => f.Code == "share-not-policy");
        Assert.Contains(Edited("distribution", d => d["policyVersion"] = 7).Findings, f => f.Code == "share-not-policy");
        Assert.Contains(Edited("account", a => a["mode"] = "equity").Findings, f => f.Code == "cash-on-non-cash-deal");
        Assert.Contains(Edited("distribution", d => d["pool"] = "1.00").Findings, f => f.Code == "distribution-off");

        // A contributor's part one fen off, with the entry's hash recomputed (and the chain after it) so only the rule sees it.
        var entries = LedgerExport.Read(new StringReader(string.Join('\n', lines))).ToList();
        var target = entries.OfType<ExportedEntry>().First(e => e.EntryKind == "distribution" && e.PersonId == "A");
        var rewritten = Rechain(entries.OfType<ExportedEntry>().Select(e => e.Sequence == target.Sequence
            ? e with { Amount = (LedgerExport.Decimal(e.Amount) + 0.01m).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) } : e));
        var off = LedgerAudit.Verify([.. entries.Where(e => e is not ExportedEntry), .. rewritten], [], key);
        Assert.Contains(off.Findings, f => f.Code == "distribution-off" && f.Entry == target.Sequence);
        Assert.DoesNotContain(off.Findings, f => f.Code is "entry-changed" or "entry-unlinked");

        // A contributor's line left out of a distribution (and the sequence closed up behind it): missing counts as nothing paid.
        var dropped = entries.OfType<ExportedEntry>().First(e => e.EntryKind == "distribution" && e.PersonId == "D");
        var closedUp = Rechain(entries.OfType<ExportedEntry>().Where(e => e.Sequence != dropped.Sequence)
            .Select(e => e.Sequence > dropped.Sequence ? e with { Sequence = e.Sequence - 1 } : e));
        var missing = LedgerAudit.Verify([.. entries.Where(e => e is not ExportedEntry), .. closedUp], [], key);
        Assert.Contains(missing.Findings, f => f.Code == "distribution-off" && f.Message.Contains("gives D 0.00", StringComparison.Ordinal));
    }

    /// <summary>Recomputes every hash and link, as an operator covering their tracks would.</summary>
    private static List<ExportedEntry> Rechain(IEnumerable<ExportedEntry> entries)
    {
        var previous = LedgerHashing.Genesis;
        var result = new List<ExportedEntry>();
        foreach (var e in entries.OrderBy(e => e.Sequence))
        {
            var linked = e with { PrevHash = previous };
            var hashed = linked with { Hash = LedgerHashing.Hash(linked.CanonicalJson()) };
            result.Add(hashed);
            previous = hashed.Hash;
        }
        return result;
    }

    /// <summary>In the database, from entry k on: recompute every hash and link, and the head row, consistently.</summary>
    private static async Task RewriteChainFromAsync(RevenueServiceFixture fixture, long k)
    {
        var export = LedgerExport.Read(new StringReader(await fixture.Client("auditor").GetStringAsync("/api/audit/export"))).OfType<ExportedEntry>().ToList();
        var rewritten = Rechain(export).Where(e => e.Sequence >= k).ToList();
        var sql = new StringBuilder();
        foreach (var e in rewritten)
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"UPDATE ledger_entries SET prev_hash = '{e.PrevHash}', hash = '{e.Hash}' WHERE sequence = {e.Sequence};");
        sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"UPDATE ledger_head SET hash = '{rewritten[^1].Hash}' WHERE id = 1");
        await ExecuteAsSuperuserAsync(fixture, sql.ToString());
    }

    private static async Task<(int Code, string Output)> RunVerifierAsync(string exportPath, string headsPath)
    {
        var verifier = Path.Combine(AppContext.BaseDirectory, "RevenueSharing.Verifier.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [verifier, "--export", exportPath, "--heads", headsPath])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}

public class MerkleLogStopTests
{
    [Fact]
    public async Task The_log_will_not_add_a_changed_entry_and_says_so()
    {
        var fixture = new RevenueServiceFixture();
        // The job runs once at start, then not for an hour: this test adds entries to the tree itself.
        await fixture.StartAsync(settings: new Dictionary<string, string?> { ["Ledger:Log:IntegrateInterval"] = "01:00:00" });
        await using var service = fixture.Service;
        var status = fixture.Service.Services.GetRequiredService<LedgerLogStatus>();
        await Eventually.TrueAsync(() => Task.FromResult(status.LastRun is not null), what: "the log job's run at start"); // then not for an hour
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = "S-1",
        });
        await using (var connection = await TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString))
        await using (var command = new Npgsql.NpgsqlCommand(
            "SET session_replication_role = replica; UPDATE ledger_entries SET amount = amount + 1 WHERE sequence = 3; SET session_replication_role = origin;", connection))
            await command.ExecuteNonQueryAsync();

        var job = fixture.Service.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<LedgerLogJob>().Single();
        await fixture.Service.WithDbAsync(db => job.IntegrateAsync(db, CancellationToken.None));
        // Entries 1 and 2 are in the tree (the job's run at start may have added them already); entry 3 was changed.
        Assert.Equal(2, await fixture.Service.WithDbAsync(db => LedgerLog.SizeAsync(db, CancellationToken.None)));
        Assert.Contains("Ledger entry 3 does not match its hash", status.Problem, StringComparison.Ordinal);
        var ready = await fixture.Client().GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode); // still serving, but Degraded
        Assert.Contains("Degraded", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
