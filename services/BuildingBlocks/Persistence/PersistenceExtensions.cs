using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.BuildingBlocks.Messaging;

namespace Platform.BuildingBlocks.Persistence;

public static class PersistenceExtensions
{
    public static string DatabaseConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString("Database")
        ?? throw new InvalidOperationException(
            "ConnectionStrings:Database is not set (e.g. Host=127.0.0.1;Port=5433;Database=listing;Username=postgres).");

    /// <summary>The service's own PostgreSQL database, snake_case names, with the outbox wake-up interceptor.</summary>
    public static IHostApplicationBuilder AddPlatformDbContext<TDbContext>(this IHostApplicationBuilder builder)
        where TDbContext : DbContext
    {
        var connectionString = builder.Configuration.DatabaseConnectionString();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddDbContext<TDbContext>((sp, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>()));
        return builder;
    }

    /// <summary>
    /// <c>--migrate</c> applies the committed EF Core migrations (creating the database if needed) and exits;
    /// otherwise the service runs. Migrations never run implicitly at start-up.
    /// </summary>
    public static async Task RunOrMigrateAsync<TDbContext>(this WebApplication app, string[] args) where TDbContext : DbContext
    {
        if (args.Contains("--migrate"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            await db.Database.MigrateAsync();
            app.Logger.LogInformation("Migrations of {Context} applied", typeof(TDbContext).Name);
            return;
        }
        await app.RunAsync();
    }
}
