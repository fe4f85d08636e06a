using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using RevenueSharing.Api.Infrastructure;

namespace Benchmarks;

/// <summary>
/// GET /api/audit/verify over a chain of 1,000,000 entries in a real PostgreSQL (issue #5: target 3 s or less).
/// The database is built once (a valid chain, written with binary COPY) and kept for later runs:
/// ./platform bench --filter '*LedgerVerify*' starts the local PostgreSQL when needed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LedgerVerifyBenchmarks
{
    private const int Entries = 1_000_000;
    private const string Database = "bench_ledger_1m";
    private DbContextOptions<RevenueDbContext> _options = null!;

    /// <summary>Ranges read and hashed at once (the service uses one per core).</summary>
    [Params(2, 4)]
    public int Partitions { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> VerifyOneMillionEntries()
    {
        await using var db = new RevenueDbContext(_options);
        var result = await ChainVerification.VerifyAsync(db, null, CancellationToken.None, Partitions);
        if (!result.Valid || result.Entries != Entries)
            throw new InvalidOperationException($"Expected a valid chain of {Entries} entries, got {result}.");
        return result.Entries;
    }

    private async Task SetupAsync()
    {
        var server = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PLATFORM_TEST_POSTGRES is not set: run ./platform bench, which starts PostgreSQL.");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
        _options = new DbContextOptionsBuilder<RevenueDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        if (await BuiltEarlierAsync()) return;
        // Absent, partial, or hashed by another version of the encoding: built again from nothing.
        await using (var maintenance = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await maintenance.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", maintenance).ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools(); // the pooled connections to the dropped database are dead
        await using (var db = new RevenueDbContext(_options)) await db.Database.MigrateAsync();
        await FillAsync(connectionString);
    }

    /// <summary>A complete chain from an earlier run whose first entry still hashes as the service hashes now.</summary>
    private async Task<bool> BuiltEarlierAsync()
    {
        await using var db = new RevenueDbContext(_options);
        await db.Database.MigrateAsync();
        if (await db.LedgerHead.Select(h => h.Sequence).SingleAsync() != Entries) return false;
        var e = await db.LedgerEntries.OrderBy(x => x.Sequence).FirstAsync();
        return LedgerHashing.Hash(LedgerHashing.CanonicalJson(e.Sequence, e.At, e.DealId, e.Kind, e.Amount, e.Currency, e.PersonId, e.Party,
            e.SourceType, e.SourceId, e.PrevHash)) == e.Hash;
    }

    /// <summary>A valid chain of deals with a receipt, a cost and four distributions each, as the service would write.</summary>
    private static async Task FillAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var at = LedgerHashing.Truncate(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        string[] kinds = [LedgerKinds.Receipt, LedgerKinds.Cost, LedgerKinds.Distribution, LedgerKinds.Distribution,
            LedgerKinds.Distribution, LedgerKinds.Distribution, LedgerKinds.UnitRemainder, LedgerKinds.PayoutScheduled];
        var prev = LedgerHashing.Genesis;
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ledger_entries (sequence, at, deal_id, kind, amount, currency, person_id, source_type, source_id, prev_hash, hash) FROM STDIN (FORMAT BINARY)"))
        {
            var deal = Guid.Empty;
            for (long sequence = 1; sequence <= Entries; sequence++)
            {
                var slot = (int)((sequence - 1) % kinds.Length);
                if (slot == 0) deal = Guid.CreateVersion7();
                var kind = kinds[slot];
                var person = kind is LedgerKinds.Distribution or LedgerKinds.PayoutScheduled ? $"p-{slot:000}" : null;
                var amount = 1_000m + sequence % 997 + 0.25m;
                var source = Guid.CreateVersion7();
                var hash = LedgerHashing.Hash(LedgerHashing.CanonicalJson(sequence, at, deal, kind, amount, "CNY", person, null, kind, source, prev));
                await copy.StartRowAsync();
                await copy.WriteAsync(sequence, NpgsqlDbType.Bigint);
                await copy.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(deal, NpgsqlDbType.Uuid);
                await copy.WriteAsync(kind, NpgsqlDbType.Text);
                await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
                await copy.WriteAsync("CNY", NpgsqlDbType.Text);
                if (person is null) await copy.WriteNullAsync(); else await copy.WriteAsync(person, NpgsqlDbType.Text);
                await copy.WriteAsync(kind, NpgsqlDbType.Text);
                await copy.WriteAsync(source, NpgsqlDbType.Uuid);
                await copy.WriteAsync(prev, NpgsqlDbType.Char);
                await copy.WriteAsync(hash, NpgsqlDbType.Char);
                prev = hash;
            }
            await copy.CompleteAsync();
        }
        await using var head = new NpgsqlCommand("UPDATE ledger_head SET sequence = @s, hash = @h WHERE id = 1", connection);
        head.Parameters.AddWithValue("s", (long)Entries);
        head.Parameters.AddWithValue("h", prev);
        await head.ExecuteNonQueryAsync();
        await new NpgsqlCommand("VACUUM ANALYZE ledger_entries", connection).ExecuteNonQueryAsync();
    }
}
