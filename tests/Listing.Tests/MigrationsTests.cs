using Listing.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Listing.Tests;

public class MigrationsTests
{
    /// <summary>The model and the committed migrations agree: a model change without its migration fails here.</summary>
    [Fact]
    public void The_committed_migrations_match_the_model()
    {
        using var db = new ListingDbContextFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> -o Infrastructure/Migrations");
    }
}

public class TenantBackfillTests
{
    /// <summary>
    /// An upgrade does not lock out tenants that were never in the seed: the migration that introduced the register
    /// registers every university the service holds data of, and publishes it for the other services.
    /// </summary>
    [Fact]
    public async Task Universities_with_data_before_the_register_are_registered_and_published()
    {
        var connectionString = await Platform.Testing.TestInfrastructure.NewDatabaseAsync("backfill");
        var options = new DbContextOptionsBuilder<ListingDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = new ListingDbContext(options);
        var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db);
        await migrator.MigrateAsync("20261130140000_InventionSearch");
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO inventions (id, university_id, content, version, created_at, updated_at)
            VALUES (gen_random_uuid(), 'legacy-u', '{{}}', 1, now(), now()), (gen_random_uuid(), 'fudan', '{{}}', 1, now(), now())
            """);
        await migrator.MigrateAsync();

        var registered = await db.Database.SqlQueryRaw<string>("SELECT org AS \"Value\" FROM registered_tenants WHERE role = 'university'").ToListAsync();
        Assert.Contains("legacy-u", registered);
        Assert.Contains("fudan", registered);
        // Published once, for the tenant that was new here (fudan was seeded).
        var published = await db.Database.SqlQueryRaw<string>(
            "SELECT body->>'org' AS \"Value\" FROM outbox_messages WHERE message_type LIKE 'Platform.BuildingBlocks.Tenants.TenantRegistered,%'").ToListAsync();
        Assert.Equal(["legacy-u"], published);
        var body = await db.Database.SqlQueryRaw<string>("SELECT body::text AS \"Value\" FROM outbox_messages").SingleAsync();
        var message = System.Text.Json.JsonSerializer.Deserialize<Platform.BuildingBlocks.Tenants.TenantRegistered>(body,
            Platform.BuildingBlocks.Messaging.MessageJson.Options)!;
        Assert.Equal(("university", "legacy-u"), (message.Role, message.Org));
    }
}

/// <summary>
/// A release whose migration step has not run yet (#17): the new build's pods are not ready, so they take no traffic
/// on a schema they do not know; once the step has run they are.
/// </summary>
public class PendingMigrationsReadinessTests
{
    [Fact]
    public async Task A_service_is_not_ready_until_its_database_has_every_migration()
    {
        var connectionString = await Platform.Testing.TestInfrastructure.NewDatabaseAsync("pending");
        var options = new DbContextOptionsBuilder<ListingDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using (var db = new ListingDbContext(options))
        {
            var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db);
            await migrator.MigrateAsync("20261130140000_InventionSearch"); // the previous release's schema
        }
        await using var service = new Platform.Testing.ServiceFactory<ListingDbContext>(connectionString,
            await Platform.Testing.TestInfrastructure.NewVhostAsync("pending"));
        var client = service.CreateClient();

        var before = await client.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, before.StatusCode);
        await service.MigrateAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
