using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Platform.Testing;
using RevenueSharing.Rules.Audit;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Tests;

/// <summary>The README's witness guide, run as an exchange would run it, and shown in the README exactly.</summary>
public class WitnessGuideTests
{
    [Fact]
    public void The_readme_shows_the_witness_guide_exactly()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests/RevenueSharing.Tests/WitnessGuide.cs"))
            .Split("// --- guide begins ---\n")[1].Split("// --- guide ends ---")[0].TrimEnd() + "\n";
        Assert.Contains("```csharp\n" + guide + "```", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")));
    }

    [Fact]
    public async Task A_witness_keeps_consistent_heads_and_refuses_a_fork_a_rewrite_and_a_stranger()
    {
        var fixture = new RevenueServiceFixture();
        await fixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Ledger:Log:IntegrateInterval"] = "00:00:00.200", ["Ledger:Log:SignEveryEntries"] = "1",
        });
        await using var service = fixture.Service;
        var key = Convert.FromBase64String(JsonNode.Parse(await fixture.Client().GetStringAsync("/.well-known/ledger-key"))!["publicKey"]!.GetValue<string>());
        var file = Path.Combine(Path.GetTempPath(), $"witness-{Guid.NewGuid():N}.jsonl");
        var witness = new LedgerWitness(file, key, fixture.Client("exchange", "STEX"));

        var received = new List<JsonElement>();
        for (var round = 0; round < 3; round++)
        {
            var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
            await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
            {
                dealId, amount = new { amount = "5000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = $"W-{round}",
            });
            var entries = await fixture.Service.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.LedgerEntries));
            var head = await Eventually.GetAsync(async () =>
            {
                var latest = await fixture.Client("exchange", "STEX").GetAsync("/api/audit/heads/latest");
                if (!latest.IsSuccessStatusCode) return null;
                var h = JsonDocument.Parse(await latest.Content.ReadAsStringAsync()).RootElement.Clone();
                return h.GetProperty("treeSize").GetInt64() == entries ? (object)h : null;
            }, TimeSpan.FromSeconds(30), "a head over every entry");
            received.Add((JsonElement)head);
        }
        // Delivered out of order and twice, as webhooks may be.
        foreach (var data in new[] { received[1], received[0], received[2], received[2] }) await witness.ReceiveAsync(data);
        Assert.Equal(3, witness.Kept().Count);

        var platformKey = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Convert.FromBase64String(TestTokens.LedgerKey),
            NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        JsonElement AsData(SignedTreeHead h) => JsonSerializer.SerializeToElement(new { h.TreeSize, h.RootHash, h.Timestamp, h.Signature }, LedgerExport.Json);
        var last = witness.Kept()[^1];
        // A fork: another root for a size already kept, validly signed.
        var fork = SignedTreeHead.Sign(platformKey, last.TreeSize, MerkleTree.LeafHash([9]), DateTimeOffset.UtcNow);
        Assert.Contains("forked", (await Assert.ThrowsAsync<InvalidDataException>(() => witness.ReceiveAsync(AsData(fork)))).Message, StringComparison.Ordinal);
        // A rewrite: a head of the same size as the first kept, but read by the witness before the others existed, is
        // checked against the larger heads; here a smaller size with a made-up root cannot be extended by them.
        var rewrite = SignedTreeHead.Sign(platformKey, witness.Kept()[0].TreeSize - 1, MerkleTree.LeafHash([7]), DateTimeOffset.UtcNow);
        Assert.Contains("rewritten", (await Assert.ThrowsAsync<InvalidDataException>(() => witness.ReceiveAsync(AsData(rewrite)))).Message, StringComparison.Ordinal);
        // A head signed with any other key.
        var stranger = SignedTreeHead.Sign(NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519), last.TreeSize + 1,
            MerkleTree.LeafHash([8]), DateTimeOffset.UtcNow);
        Assert.Contains("not signed", (await Assert.ThrowsAsync<InvalidDataException>(() => witness.ReceiveAsync(AsData(stranger)))).Message, StringComparison.Ordinal);
        Assert.Equal(3, witness.Kept().Count);

        // What the witness kept verifies today's export offline.
        var export = LedgerExport.Read(new StringReader(await fixture.Client("auditor").GetStringAsync("/api/audit/export"))).ToList();
        var report = LedgerAudit.Verify(export, witness.Kept(), key);
        Assert.True(report.Valid, string.Join("\n", report.Findings));
        Assert.Equal(3, report.Heads);
    }
}

public class LedgerKeyTests
{
    [Fact]
    public void The_readme_states_the_public_key_of_the_development_ledger_key()
    {
        var publicKey = Convert.ToBase64String(LedgerSigningKey.PublicKeyOf(LedgerSigningKey.FromSeed(RevenueSharing.Api.Infrastructure.LedgerKey.LocalDevelopmentSeed)));
        Assert.True(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Contains($"`{publicKey}`", StringComparison.Ordinal), $"README.md should state the development public key `{publicKey}`");
    }

    [Fact]
    public void Outside_development_the_service_needs_a_key_of_its_own()
    {
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        var development = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" };
        static IConfiguration With(string? seed) => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Ledger:SigningKey"] = seed }).Build();
        Assert.Throws<InvalidOperationException>(() => RevenueSharing.Api.Infrastructure.LedgerKey.Resolve(With(null), production));
        Assert.Throws<InvalidOperationException>(() => RevenueSharing.Api.Infrastructure.LedgerKey.Resolve(
            With(RevenueSharing.Api.Infrastructure.LedgerKey.LocalDevelopmentSeed), production));
        Assert.ThrowsAny<Exception>(() => RevenueSharing.Api.Infrastructure.LedgerKey.Resolve(With("REPLACE-ME"), production));
        Assert.NotNull(RevenueSharing.Api.Infrastructure.LedgerKey.Resolve(With(null), development));
        Assert.NotNull(RevenueSharing.Api.Infrastructure.LedgerKey.Resolve(With(TestTokens.LedgerKey), production));
    }
}

public class Ed25519InteropTests
{
    /// <summary>RFC 8032 §7.1, test 1: the heads' signatures are plain Ed25519, checkable with any library.</summary>
    [Fact]
    public void The_ledger_key_is_standard_Ed25519()
    {
        var key = LedgerSigningKey.FromSeed(Convert.ToBase64String(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(LedgerSigningKey.PublicKeyOf(key)));
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, [])));
    }
}
