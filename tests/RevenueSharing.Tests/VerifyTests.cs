using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Testing;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §7: verification recomputes the chain and names the first entry that does not match.</summary>
public class VerifyTests
{
    /// <summary>A service on a database of its own: the chain is this test's alone.</summary>
    private static async Task<RevenueServiceFixture> FreshAsync()
    {
        var fixture = new RevenueServiceFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    private static async Task<JsonNode> VerifyAsync(RevenueServiceFixture fixture, string? checkpoint = null) =>
        JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/audit/verify" + (checkpoint is null ? "" : $"?checkpoint={checkpoint}")))!;

    private static async Task ExecuteAsOwnerAsync(RevenueServiceFixture fixture, string sql)
    {
        await using var connection = await TestInfrastructure.OpenAsync(fixture.Service.DatabaseConnectionString);
        // Behind the service's back, as the database owner: the append-only trigger has to be switched off first.
        await using var command = new Npgsql.NpgsqlCommand(
            $"ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only; {sql}; ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;",
            connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RecordAsync(RevenueServiceFixture fixture, int receipts)
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        for (var i = 0; i < receipts; i++)
            await fixture.Client("university", "fudan").PostAsJsonAsync("/api/receipts", new
            {
                dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "royalty", reference = $"V-{i}",
            });
    }

    [Fact]
    public async Task An_untouched_chain_verifies_and_a_changed_amount_is_found_at_its_entry()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        await RecordAsync(fixture, 3);
        var clean = await VerifyAsync(fixture);
        Assert.True(clean["valid"]!.GetValue<bool>());
        var entries = clean["entries"]!.GetValue<long>();
        Assert.Equal(entries, clean["headSequence"]!.GetValue<long>());
        Assert.Null(clean["firstBrokenSequence"]);

        await ExecuteAsOwnerAsync(fixture, "UPDATE ledger_entries SET amount = amount + 0.01 WHERE sequence = 5");
        var tampered = await VerifyAsync(fixture);
        Assert.False(tampered["valid"]!.GetValue<bool>());
        Assert.Equal(5, tampered["firstBrokenSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_removed_entry_a_cut_tail_and_a_rewritten_chain_are_found()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        await RecordAsync(fixture, 2);
        var head = await VerifyAsync(fixture);
        var checkpoint = $"{head["headSequence"]}:{head["headHash"]}";
        Assert.True((await VerifyAsync(fixture, checkpoint))["valid"]!.GetValue<bool>());

        var last = head["headSequence"]!.GetValue<long>();
        await ExecuteAsOwnerAsync(fixture, $"DELETE FROM ledger_entries WHERE sequence = {last}");
        var cut = await VerifyAsync(fixture);
        Assert.False(cut["valid"]!.GetValue<bool>());
        Assert.Equal(last, cut["firstBrokenSequence"]!.GetValue<long>());

        await ExecuteAsOwnerAsync(fixture, "DELETE FROM ledger_entries WHERE sequence = 3");
        Assert.Equal(4, (await VerifyAsync(fixture))["firstBrokenSequence"]!.GetValue<long>()); // the gap shows at the next entry
        Assert.False((await VerifyAsync(fixture, checkpoint))["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Verification_in_parallel_ranges_finds_what_one_pass_finds()
    {
        var fixture = await FreshAsync();
        await using var service = fixture.Service;
        await RecordAsync(fixture, 3);
        async Task<long?[]> BrokenAsync() => await Task.WhenAll(new[] { 1, 2, 3, 7, 64 }.Select(p => fixture.Service.WithDbAsync(async db =>
            (await RevenueSharing.Api.Infrastructure.ChainVerification.VerifyAsync(db, null, CancellationToken.None, p)).FirstBrokenSequence)));
        Assert.All(await BrokenAsync(), b => Assert.Null(b));

        await ExecuteAsOwnerAsync(fixture, "DELETE FROM ledger_entries WHERE sequence = 9");
        Assert.All(await BrokenAsync(), b => Assert.Equal(10, b)); // a gap, wherever the ranges split
        await ExecuteAsOwnerAsync(fixture, "UPDATE ledger_entries SET person_id = 'X' WHERE sequence = 6");
        Assert.All(await BrokenAsync(), b => Assert.Equal(6, b)); // the earliest break wins
    }
}
