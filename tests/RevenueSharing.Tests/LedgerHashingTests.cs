using System.Security.Cryptography;
using System.Text;

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
            "\"dealId\":\"0193a000-0000-7000-8000-000000000001\",\"kind\":\"distribution\",\"personId\":\"p-001\"," +
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
    public void Party_is_hashed_only_on_the_unit_remainder_parts()
    {
        Assert.DoesNotContain("party", LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "receipt", 1m, "CNY", null, null, "receipt", Guid.Empty, "x"));
        Assert.Contains("\"kind\":\"unit_remainder\",\"party\":\"department\",\"personId\":null",
            LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "unit_remainder", 1m, "CNY", null, "department", "distribution", Guid.Empty, "x"));
    }

    [Fact]
    public void A_null_person_is_json_null() =>
        Assert.Contains("\"personId\":null", LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "receipt", 1m, "CNY", null, null, "receipt", Guid.Empty, "x"));

    [Theory]
    [InlineData("distribution", "263200.00", "p-001", null)]
    [InlineData("unit_remainder", "-0.01", null, "transfer_office")]
    [InlineData("cost", "12345678901234.5", "李\"\\\n\u0001\u001f😀", null)]
    [InlineData("equity_grant", "700000", "A", null)]
    public void The_allocation_free_hash_is_the_documented_one(string kind, string amount, string? personId, string? party)
    {
        var at = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var deal = Guid.CreateVersion7();
        var source = Guid.CreateVersion7();
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var reference = LedgerHashing.Hash(LedgerHashing.CanonicalJson(42, at, deal, kind, value, "CNY", personId, party, kind, source, LedgerHashing.Genesis));
        Span<byte> fast = stackalloc byte[32];
        LedgerHashing.HashInto(fast, 42, at, deal, kind, value, "CNY", personId, party, kind, source, LedgerHashing.Genesis);
        Assert.Equal(reference, Convert.ToHexStringLower(fast));
    }

    [Fact]
    public void An_entry_too_long_for_the_fast_path_still_hashes_as_documented()
    {
        var person = new string('x', 5000);
        var reference = LedgerHashing.Hash(LedgerHashing.CanonicalJson(1, DateTimeOffset.UnixEpoch, Guid.Empty, "receipt", 1m, "CNY", person, null, "receipt", Guid.Empty, "x"));
        Span<byte> fast = stackalloc byte[32];
        LedgerHashing.HashInto(fast, 1, DateTimeOffset.UnixEpoch, Guid.Empty, "receipt", 1m, "CNY", person, null, "receipt", Guid.Empty, "x");
        Assert.Equal(reference, Convert.ToHexStringLower(fast));
    }
}
