using System.Net;
using System.Text.Json.Nodes;
using Platform.Testing;
using RevenueSharing.Rules.Merkle;

namespace Gateway.Tests;

/// <summary>
/// The exchanges witness the ledger (services/RevenueSharing/README.md §7): through the gateway, every exchange's feed
/// receives the signed heads, and anyone can fetch the public key that verifies them.
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public class LedgerWitnessTests(PlatformBehindGateway platform)
{
    [Fact]
    public async Task Every_exchange_receives_signed_heads_that_verify_with_the_public_key()
    {
        var key = JsonNode.Parse(await platform.Client().GetStringAsync("/.well-known/ledger-key"))!;
        Assert.Equal("Ed25519", key["algorithm"]!.GetValue<string>());
        var publicKey = Convert.FromBase64String(key["publicKey"]!.GetValue<string>());

        // The fixture recorded a receipt and paid a payout: those entries are signed into a head within seconds,
        // and the head reaches the feed of an exchange that had nothing to do with the deal.
        foreach (var exchange in new[] { "STEX", "SHIPX" })
        {
            var head = await Eventually.GetAsync(async () =>
            {
                var feed = JsonNode.Parse(await platform.Client("exchange", exchange).GetStringAsync("/api/events?type=ledger.head_signed"))!;
                return feed["items"]!.AsArray().LastOrDefault()?["data"];
            }, TimeSpan.FromSeconds(40), $"ledger.head_signed in {exchange}'s feed");
            var signed = new SignedTreeHead(head["treeSize"]!.GetValue<long>(), head["rootHash"]!.GetValue<string>(),
                head["timestamp"]!.GetValue<DateTimeOffset>(), head["signature"]!.GetValue<string>());
            Assert.True(signed.VerifiesWith(publicKey), head.ToJsonString());
            Assert.DoesNotContain("personId", head.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await platform.Client("exchange", "STEX").GetAsync("/api/audit/heads/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.Client("exchange", "STEX").GetAsync("/api/audit/export")).StatusCode);
    }
}
