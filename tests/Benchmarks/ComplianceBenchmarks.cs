using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RevenueSharing.Api.Apis;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;

namespace Benchmarks;

/// <summary>
/// GET /api/audit/compliance over 10,000 deals in a real PostgreSQL (issue #14: 1 s or less), through the endpoint's
/// own handler, as JSON and as CSV: each deal with two receipts, a cost and two distributions. The database is built
/// once and kept: ./platform bench --filter '*Compliance*' starts the local PostgreSQL when needed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ComplianceBenchmarks
{
    private const int Deals = 10_000;
    private const string Database = "bench_compliance_10k";
    private DbContextOptions<RevenueDbContext> _options = null!;
    private IServiceProvider _services = null!;

    [Params("application/json", "text/csv")]
    public string Accept { get; set; } = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<long> TenThousandDeals()
    {
        await using var db = new RevenueDbContext(_options);
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Headers.Accept = Accept;
        http.Response.Body = new MemoryStream();
        var result = await ComplianceApi.GetCompliance(null, null, null, http, db, TimeProvider.System, CancellationToken.None);
        await result.ExecuteAsync(http);
        return http.Response.Body.Length > 1000 ? http.Response.Body.Length : throw new InvalidOperationException("no rows");
    }

    private async Task SetupAsync()
    {
        var server = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PLATFORM_TEST_POSTGRES is not set: run ./platform bench, which starts PostgreSQL.");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
        _options = new DbContextOptionsBuilder<RevenueDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        _services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider(); // what the results write with
        await using (var db = new RevenueDbContext(_options))
        {
            await db.Database.MigrateAsync();
            if (await db.Accounts.CountAsync() == Deals) return;
        }
        // Receipts and costs are append-only (a trigger refuses DELETE and TRUNCATE): a partial database is dropped.
        await using (var maintenance = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await maintenance.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", maintenance).ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await using (var db = new RevenueDbContext(_options)) await db.Database.MigrateAsync();
        var concluded = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Contributor[] contributors =
        [
            new() { PersonId = "p-1", Name = "A", Share = 0.40m, Role = "inventor" }, new() { PersonId = "p-2", Name = "B", Share = 0.30m, Role = "inventor" },
            new() { PersonId = "p-3", Name = "C", Share = 0.20m, Role = "inventor" }, new() { PersonId = "p-4", Name = "D", Share = 0.10m, Role = "inventor" },
        ];
        for (var batch = 0; batch < Deals / 1000; batch++)
        {
            await using var db = new RevenueDbContext(_options);
            for (var d = 0; d < 1000; d++)
            {
                var n = batch * 1000 + d;
                var deal = Guid.CreateVersion7(concluded.AddMinutes(n));
                db.Accounts.Add(new DealAccount
                {
                    DealId = deal, UniversityId = $"u-{n % 50}", ListingId = Guid.CreateVersion7(), Mode = "exclusive_licence", ExportControlClass = "free",
                    Rights = new Rights { Model = "unit_owned" }, IpAssets = [new IpAsset { Kind = "patent", Number = $"CN{n}" }], Contributors = contributors,
                    PolicyVersion = 1, RewardShare = 0.70m, Floor = 0.70m, PayoutDeadlineDays = 180, Remainder = new RemainderSplit(0.5m, 0.3m, 0.2m),
                    ConcludedAt = concluded.AddMinutes(n), DealVersion = 1, Status = "open",
                });
                db.Costs.Add(new Cost { Id = Guid.CreateVersion7(), DealId = deal, Category = CostCategory.Legal, Amount = 1000m, Currency = "CNY", FxRate = 1m,
                    AmountCny = 1000m, IncurredAt = concluded, CreatedAt = concluded });
                for (var r = 0; r < 2; r++)
                {
                    var receipt = Guid.CreateVersion7();
                    db.Receipts.Add(new Receipt { Id = receipt, DealId = deal, Amount = 500_000m, Currency = "CNY", FxRate = 1m, AmountCny = 500_000m,
                        ReceivedAt = concluded.AddDays(r), Kind = ReceiptKind.Milestone, Reference = $"AO-{n}-{r}", RecordedBy = "bench", CreatedAt = concluded });
                    db.Distributions.Add(new Distribution { Id = Guid.CreateVersion7(), DealId = deal, ReceiptId = receipt, PolicyVersion = 1, RewardShare = 0.70m,
                        NetIncome = 500_000m * (r + 1) - 1000m, Target = 0.70m * (500_000m * (r + 1) - 1000m), Pool = 0.70m * 500_000m - (r == 0 ? 700m : 0m),
                        CreatedAt = concluded.AddDays(r) });
                }
            }
            await db.SaveChangesAsync();
        }
    }
}
