using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Idempotency;
using Platform.Testing;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Tests;

/// <summary>
/// The revenue-sharing service with a fault point after an idempotent request commits and before its answer is
/// sent: the window in which a killed process once left a cost recorded twice (a retry ran it again).
/// </summary>
public sealed class CrashAfterCommitFixture : IAsyncLifetime
{
    /// <summary>Idempotency keys whose first answer is lost: the fault point throws once for each, as a crash would.</summary>
    public HashSet<string> CrashOnce { get; } = [];

    public RevenueServiceFixture Revenue { get; } = new();

    public async Task InitializeAsync() =>
        await Revenue.StartAsync(services => services.AddSingleton(new IdempotencyFaultPoint(http =>
        {
            var key = http.Request.Headers[IdempotencyMiddleware<RevenueDbContext>.Header].ToString();
            lock (CrashOnce)
                if (CrashOnce.Remove(key)) throw new IOException("Simulated crash between the commit and the answer.");
            return Task.CompletedTask;
        })));

    public Task DisposeAsync() => Revenue.DisposeAsync();
}

public class IdempotencyCrashTests(CrashAfterCommitFixture crash) : IClassFixture<CrashAfterCommitFixture>
{
    private RevenueServiceFixture Fixture => crash.Revenue;

    [Fact]
    public async Task A_cost_whose_answer_was_lost_in_a_crash_is_replayed_on_retry_and_recorded_once()
    {
        var dealId = await Fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var key = Guid.NewGuid().ToString();
        lock (crash.CrashOnce) crash.CrashOnce.Add(key);
        // The simulated crash answers 500, which no document lists: this client does not check answers against the contract.
        var client = ((Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<RevenueSharing.Api.Infrastructure.RevenueDbContext>)Fixture.Service)
            .CreateClient().As("university", "fudan");
        client.DefaultRequestHeaders.Add("Idempotency-Key", key);
        var body = new { dealId, category = "legal", amount = new { amount = "700.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow };

        var lost = await client.PostAsJsonAsync("/api/costs", body);
        Assert.False(lost.IsSuccessStatusCode); // the client never saw the answer ...
        Assert.Equal(1, await Fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId))); // ... but the cost committed

        var retry = await client.PostAsJsonAsync("/api/costs", body);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await Fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId)));
        Assert.Equal(1, await Fixture.Service.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.DealId == dealId && e.Kind == "cost")));
    }

    [Fact]
    public async Task A_refused_request_commits_nothing_and_its_key_runs_again()
    {
        var dealId = await Fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var client = Fixture.Client("university", "fudan");
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var refused = await client.PostAsJsonAsync("/api/costs", new
        {
            dealId, category = "overhead", amount = new { amount = "1.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, await Fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId)));
        // Nothing was kept for the key: the corrected request runs (201), it is not refused as a reused key (422).
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/costs", new
        {
            dealId, category = "legal", amount = new { amount = "1.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow,
        })).StatusCode);
    }

    [Fact]
    public async Task The_same_key_and_body_on_another_deal_is_another_request()
    {
        var first = await Fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var second = await Fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var client = Fixture.Client("university", "fudan");
        client.DefaultRequestHeaders.Add("Idempotency-Key", "one-key-" + Guid.NewGuid());
        var body = new
        {
            persons = new[] { new { personId = "A", amount = new { amount = "1.00", currency = "CNY" } } },
            startsAt = DateTimeOffset.Parse("2026-11-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), endsAt = DateTimeOffset.Parse("2026-11-16T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), reference = "notice",
        };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/revenue/deals/{first}/publicity", body)).StatusCode);
        var other = await client.PostAsJsonAsync($"/api/revenue/deals/{second}/publicity", body);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await Fixture.Service.WithDbAsync(db => db.PublicityRecords.CountAsync(r => r.DealId == second)));
    }

    [Fact]
    public async Task A_long_subject_with_a_key_is_scoped_like_any_other()
    {
        var dealId = await Fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors);
        var client = Fixture.Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Platform.Testing.PlatformTokens.Create(TestTokens.KeyBytes, "university", "fudan", subject: new string('s', 2_000)));
        client.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var body = new { dealId, category = "legal", amount = new { amount = "1.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/costs", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/costs", body)).StatusCode);
        Assert.Equal(1, await Fixture.Service.WithDbAsync(db => db.Costs.CountAsync(c => c.DealId == dealId)));
    }
}

public class TransientFailureTests
{
    [Fact]
    public async Task A_database_that_refuses_connections_gives_a_retryable_503_not_a_500()
    {
        // Nothing listens on port 1: every command fails to connect, as during a PostgreSQL restart.
        await using var service = new ServiceFactory<RevenueDbContext>("Host=127.0.0.1;Port=1;Database=none;Username=postgres;Timeout=2",
            await TestInfrastructure.NewVhostAsync("transient"));
        var response = await service.CreateClient().As("auditor").GetAsync("/api/jurisdictions");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("/problems/temporarily-unavailable", await response.Content.ReadAsStringAsync());
    }
}

public class HousekeepingTests
{
    [Fact]
    public async Task Idempotency_keys_and_inbox_rows_past_their_windows_are_purged_and_fresh_ones_kept()
    {
        await using var service = await ServiceFactory<RevenueDbContext>.StartAsync("housekeeping",
            new Dictionary<string, string?> { ["Messaging:HousekeepingInterval"] = "00:00:00.200" });
        await using (var owner = await TestInfrastructure.OpenAsync(service.DatabaseConnectionString))
        {
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES
                    ('s', 'old', 'h', now() - interval '25 hours'), ('s', 'fresh', 'h', now() - interval '1 hour');
                INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES
                    (gen_random_uuid(), 'old', now() - interval '8 days'), (gen_random_uuid(), 'fresh', now() - interval '1 day');
                """, owner);
            await insert.ExecuteNonQueryAsync();
        }
        await Eventually.TrueAsync(async () => await service.WithDbAsync(async db =>
            !await db.Set<Platform.BuildingBlocks.Idempotency.IdempotencyRecord>().AnyAsync(k => k.Key == "old")
            && !await db.Set<Platform.BuildingBlocks.Messaging.InboxMessage>().AnyAsync(m => m.Consumer == "old")), what: "the purge");
        Assert.True(await service.WithDbAsync(db => db.Set<Platform.BuildingBlocks.Idempotency.IdempotencyRecord>().AnyAsync(k => k.Key == "fresh")));
        Assert.True(await service.WithDbAsync(db => db.Set<Platform.BuildingBlocks.Messaging.InboxMessage>().AnyAsync(m => m.Consumer == "fresh")));
    }
}
