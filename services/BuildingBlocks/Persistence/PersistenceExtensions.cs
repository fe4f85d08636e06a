using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.BuildingBlocks.Messaging;

namespace Platform.BuildingBlocks.Persistence;

public static class PersistenceExtensions
{
    public static string DatabaseConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Database")
        ?? throw new InvalidOperationException(
            "ConnectionStrings:Database is not set (e.g. Host=127.0.0.1;Port=5433;Database=listing;Username=postgres).");

    /// <summary>
    /// The service's own PostgreSQL database, snake_case names, with the outbox wake-up interceptor.
    /// With a <paramref name="sessionRole"/>, every session of the running service acts as that role (granted by a
    /// migration), while <c>--migrate</c> keeps the login's own rights to change the schema.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformDbContext<TDbContext>(this IHostApplicationBuilder builder, string? sessionRole = null)
        where TDbContext : DbContext
    {
        var connectionString = WithSessionRole(builder.Configuration.DatabaseConnectionString(), sessionRole);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddDbContext<TDbContext>((sp, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        return builder;
    }

    /// <summary>
    /// A startup option (not a SET ROLE statement) so that the role is the session's default: Npgsql's DISCARD ALL
    /// between pooled uses keeps it, and no extra round trip is needed per connection.
    /// </summary>
    public static string WithSessionRole(string connectionString, string? sessionRole)
    {
        if (sessionRole is null) return connectionString;
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        csb.Options = $"{csb.Options} -c role={sessionRole}".Trim();
        return csb.ConnectionString;
    }

    /// <summary>
    /// Applies the committed migrations with the login's own rights, not the service's session role: migrations
    /// change the schema. The --migrate step and the tests use it alike.
    /// </summary>
    public static async Task MigrateAsync<TDbContext>(string connectionString) where TDbContext : DbContext
    {
        var options = new DbContextOptionsBuilder<TDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = (TDbContext)Activator.CreateInstance(typeof(TDbContext), options)!;
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// <c>--migrate</c> applies the committed EF Core migrations (creating the database if needed) and exits;
    /// otherwise the service runs. Migrations never run implicitly at start-up.
    /// </summary>
    public static async Task RunOrMigrateAsync<TDbContext>(this WebApplication app, string[] args) where TDbContext : DbContext
    {
        if (args.Contains("--migrate"))
        {
            await MigrateAsync<TDbContext>(app.Configuration.DatabaseConnectionString());
            app.Logger.LogInformation("Migrations of {Context} applied", typeof(TDbContext).Name);
            return;
        }
        await app.RunAsync();
    }
}
