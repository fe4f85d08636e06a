using System.Security.Cryptography;
using System.Text;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Tests;

public class LedgerHashingTests
{
    [Fact]
    public void The_canonical_json_is_sorted_compact_and_documented()
    {
        var json = LedgerHashing.CanonicalJson(7, new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567),
            Guid.Parse("0193a000-0000-7000-8000-000000000001"), "distribution", 263200m, "CNY", "p-001", null, "distribution",
            Guid.Parse("0193a000-0000-7000-8000-000000000002"), LedgerHashing.Genesis);
        Assert.Equal(
            "{\"amount\":\"263200.00\",\"at\":\"2026-11-30T00:00:00.123456Z\",\"currency\":\"CNY\"," +
            "\"dealId\":\"0193a000-0000-7000-8000-000000000001\",\"kind\":\"distribution\",\"party\":null,\"personId\":\"p-001\"," +
            $"\"prevHash\":\"{LedgerHashing.Genesis}\",\"sequence\":7,\"sourceId\":\"0193a000-0000-7000-8000-000000000002\"," +
            "\"sourceType\":\"distribution\"}", json);
        // An auditor recomputes the hash with any SHA-256 tool.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), LedgerHashing.Hash(json));
    }

    [Fact]
    public void Strings_are_escaped_as_rfc_8785_says_and_nothing_more()
    {
        var json = LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "cost", -5m, "CNY", "李\"\n\u0001", null, "cost", Guid.Empty, "x");
        Assert.Contains("\"personId\":\"李\\\"\\n\\u0001\"", json);
        Assert.Contains("\"amount\":\"-5.00\"", json);
        Assert.Contains("\"personId\"", json);
    }

    [Fact]
    public void A_null_person_is_json_null() =>
        Assert.Contains("\"personId\":null", LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "receipt", 1m, "CNY", null, null, "receipt", Guid.Empty, "x"));
}
