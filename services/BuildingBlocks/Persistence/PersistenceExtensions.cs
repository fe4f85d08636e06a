using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
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
    /// With a <paramref name="loginRole"/>, the running service logs in as that role (created and granted by a
    /// migration, owning nothing), not as the configured login that owns the schema: <c>SET ROLE NONE</c> gains it
    /// nothing. <c>--migrate</c> keeps the configured owner login to change the schema. The role's password, where
    /// the server asks for one, is <c>Database:AppRolePassword</c> (set on the role by <c>--migrate</c>).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformDbContext<TDbContext>(this IHostApplicationBuilder builder, string? loginRole = null)
        where TDbContext : DbContext
    {
        var connectionString = AsLoginRole(builder.Configuration.DatabaseConnectionString(), loginRole,
            builder.Configuration["Database:AppRolePassword"]);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        // PostgreSQL's errors as problem details (409, 412, retryable 503), and its commands in the traces and metrics.
        builder.Services.AddSingleton<Errors.IExceptionProblems, DatabaseProblems>();
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddNpgsql());
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter("Npgsql"));
        builder.Services.AddHealthChecks().AddCheck<PendingMigrationsCheck<TDbContext>>("migrations", tags: [Hosting.ServiceDefaults.ReadyTag]);
        builder.Services.AddDbContext<TDbContext>((sp, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        return builder;
    }

    /// <summary>The owner's connection string with the service's own login role in its place.</summary>
    public static string AsLoginRole(string connectionString, string? loginRole, string? password)
    {
        if (loginRole is null) return connectionString;
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Username = loginRole, Password = password };
        return csb.ConnectionString;
    }

    /// <summary>
    /// Applies the committed migrations with the login's own rights, not the service's session role: migrations
    /// change the schema. The --migrate step and the tests use it alike.
    /// </summary>
    public static async Task MigrateAsync<TDbContext>(string connectionString) where TDbContext : DbContext
    {
        // Roles are cluster-wide (revenue-sharing creates and grants its login role): two databases migrating at once
        // can collide on the shared catalogs ("tuple concurrently updated"). Advisory locks are per database, so the
        // migrations queue on one taken in the maintenance database, when this user may connect there.
        await using var gate = await ClusterWideLockAsync(connectionString);
        var options = new DbContextOptionsBuilder<TDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = (TDbContext)Activator.CreateInstance(typeof(TDbContext), options)!;
        await db.Database.MigrateAsync();
    }

    /// <summary>A session advisory lock in the "postgres" database, released when the connection closes; null if unavailable.</summary>
    private static async Task<NpgsqlConnection?> ClusterWideLockAsync(string connectionString)
    {
        var maintenance = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        try
        {
            await maintenance.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException)
        {
            await maintenance.DisposeAsync(); // no access to the maintenance database: migrate without the queue
            return null;
        }
        // Waits as long as the migrations before it take (no command timeout): giving up would bring the collision back.
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('platform migrations'))", maintenance) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
        return maintenance;
    }

    /// <summary>Gives the service's login roles the configured password (for servers that ask for one).</summary>
    private static async Task SetLoginPasswordAsync(IConfiguration configuration)
    {
        if (configuration["Database:AppRolePassword"] is not { Length: > 0 } password || configuration["Database:AppRole"] is not { Length: > 0 } role)
            return;
        await using var connection = new NpgsqlConnection(configuration.DatabaseConnectionString());
        await connection.OpenAsync();
        // ALTER ROLE takes no parameters: the role name is ours, the password is quoted as a literal.
        await using var command = new NpgsqlCommand($"ALTER ROLE \"{role.Replace("\"", "\"\"")}\" PASSWORD '{password.Replace("'", "''")}'", connection);
        await command.ExecuteNonQueryAsync();
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
            await SetLoginPasswordAsync(app.Configuration);
            app.Logger.LogInformation("Migrations of {Context} applied", typeof(TDbContext).Name);
            return;
        }
        await app.RunAsync();
    }
}
