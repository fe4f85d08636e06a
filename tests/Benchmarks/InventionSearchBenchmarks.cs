using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Listing.Api.Apis;
using Listing.Api.Domain;
using Listing.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Auth;

namespace Benchmarks;

/// <summary>
/// Invention search (GET /api/inventions?q=) over 100,000 inventions in a real PostgreSQL (issue #14: p95 ≤ 20 ms),
/// through the endpoint's own handler: English full text, a Chinese substring, a filter, as an auditor and as a
/// university (whose results pass the visibility condition). The table is built once and kept for later runs:
/// ./platform bench --filter '*InventionSearch*' starts the local PostgreSQL when needed.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 15)]
[Config(typeof(Percentiles))]
public class InventionSearchBenchmarks
{
    private const int Inventions = 100_000;
    private const string Database = "bench_search_100k";
    private DbContextOptions<ListingDbContext> _options = null!;
    private readonly ClaimsPrincipal _auditor = Caller(PlatformRoles.Auditor, "audit-office");
    private readonly ClaimsPrincipal _university = Caller(PlatformRoles.University, "u-7");

    private sealed class Percentiles : ManualConfig
    {
        public Percentiles() => AddColumn(StatisticColumn.P95);
    }

    [Params("battery", "solid electrolyte", "固态电池", "")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<int> AsAuditor() => SearchAsync(_auditor, field: null);

    [Benchmark]
    public Task<int> AsUniversity() => SearchAsync(_university, field: null);

    [Benchmark]
    public Task<int> AsAuditorInOneField() => SearchAsync(_auditor, field: "new_energy");

    private async Task<int> SearchAsync(ClaimsPrincipal user, string? field)
    {
        await using var db = new ListingDbContext(_options);
        var result = await InventionsApi.SearchInventions(Query.Length == 0 ? null : Query, field, null, null, 20, null, user, db, CancellationToken.None);
        return result.Value!.Items.Count;
    }

    private static ClaimsPrincipal Caller(string role, string org) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role), new Claim("org", org), new Claim("sub", "bench")], "bench", "sub", ClaimTypes.Role));

    private async Task SetupAsync()
    {
        var server = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PLATFORM_TEST_POSTGRES is not set: run ./platform bench, which starts PostgreSQL.");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database }.ConnectionString;
        _options = new DbContextOptionsBuilder<ListingDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = new ListingDbContext(_options);
        await db.Database.MigrateAsync();
        if (await db.Inventions.CountAsync() == Inventions) return;
        await db.Database.ExecuteSqlRawAsync("TRUNCATE inventions CASCADE");
        // One valid invention, then 100,000 made from it in SQL: titles and abstracts from a vocabulary (English and
        // Chinese), ten fields, every TRL, fifty universities; a tenth of them offered (a published listing).
        var content = InventionRules.Validate(new InventionRequest(
            "Seed", "abstract", "new_energy", "H01M", 4,
            [new ContributorRequest("p-001", "Li Wei", 1.00m, true, ContributorRole.Inventor, false, false)],
            [new IpAssetRequest(IpAssetKind.Patent, "CN114000000B", "CN", "granted")],
            new RightsRequest(RightsModel.UnitOwned, null, null),
            new ExportControlRequest(ExportClass.Free, null, false)));
        db.Inventions.Add(new Invention { Id = Guid.CreateVersion7(), UniversityId = "u-0", Content = content, Version = 1,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var fill = new NpgsqlCommand($$"""
            WITH words AS (SELECT ARRAY['battery','solid','electrolyte','polymer','sensor','catalyst','membrane','graphene',
                    'vaccine','antibody','robot','laser','optical','quantum','alloy','coating','enzyme','genome','lithium',
                    'semiconductor','固态电池','催化剂','传感器','石墨烯','疫苗','机器人','激光','量子','合金','芯片'] AS w),
                 seed AS (SELECT content FROM inventions LIMIT 1)
            INSERT INTO inventions (id, university_id, content, version, created_at, updated_at)
            SELECT gen_random_uuid(), 'u-' || (g % 50),
                   jsonb_set(jsonb_set(jsonb_set(jsonb_set(seed.content,
                       '{title}', to_jsonb(w[1 + g % 30] || ' ' || w[1 + (g / 30) % 30] || ' ' || w[1 + (g / 900) % 30])),
                       '{abstract}', to_jsonb('A method of ' || w[1 + (g * 7) % 30] || ' with ' || w[1 + (g * 11) % 30] || ' and '
                           || w[1 + (g * 13) % 30] || ' for ' || w[1 + (g * 17) % 30] || ' applications.')),
                       '{field}', to_jsonb((ARRAY['new_energy','biomedicine','ai','advanced_manufacturing','new_materials',
                           'integrated_circuits','aerospace','marine','environment','agriculture'])[1 + g % 10])),
                       '{trl}', to_jsonb(1 + g % 9)),
                   1, now(), now()
            FROM generate_series(1, {{Inventions - 1}}) g, words, seed;
            INSERT INTO listings (id, invention_id, university_id, status, modes, pricing, exchanges, exchange_listings, exchange_listings_version, version, created_at, updated_at)
            SELECT gen_random_uuid(), i.id, i.university_id, 'Published', '[]', '{}', '[]', '[]', 0, 1, now(), now()
            FROM inventions i WHERE ('x' || substr(i.id::text, 1, 4))::bit(16)::int % 10 = 0;
            ANALYZE inventions; ANALYZE listings;
            """, connection) { CommandTimeout = 600 };
        await fill.ExecuteNonQueryAsync();
    }
}
