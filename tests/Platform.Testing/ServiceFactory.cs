using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Testing;

/// <summary>
/// One service in-process (WebApplicationFactory) on its own fresh database and vhost of the real servers.
/// The service's DbContext type names the service assembly (its entry point).
/// </summary>
public class ServiceFactory<TDbContext>(string databaseConnectionString, Uri rabbitMq, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<TDbContext> where TDbContext : DbContext
{
    /// <summary>A client whose every answer is checked against the committed OpenAPI documents (Contract/ContractConformanceHandler).</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new Contract.ContractConformanceHandler());

    public string DatabaseConnectionString { get; } = databaseConnectionString;
    public Uri RabbitMq { get; } = rabbitMq;

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "ServiceFactory<ListingDbContext>.StartAsync(...) reads as what it starts.")]
    public static async Task<ServiceFactory<TDbContext>> StartAsync(string prefix, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var factory = new ServiceFactory<TDbContext>(
            await TestInfrastructure.NewDatabaseAsync(prefix), await TestInfrastructure.NewVhostAsync(prefix), settings, configureServices);
        await factory.MigrateAsync();
        _ = factory.Server; // starts the host, the bus and the outbox relay
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Database", DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", RabbitMq.ToString());
        builder.UseSetting("PLATFORM_JWT_KEY", TestTokens.Key);
        builder.UseSetting("Ledger:SigningKey", TestTokens.LedgerKey);
        builder.UseSetting("Messaging:Outbox:PollInterval", "00:00:00.500");
        builder.UseSetting("Messaging:Outbox:MaxBackoff", "00:00:01");
        builder.UseSetting("Messaging:Outbox:PublishTimeout", "00:00:03");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (configureServices is not null) builder.ConfigureServices(configureServices);
    }

    /// <summary>Applies the committed migrations, as the --migrate step does.</summary>
    public Task MigrateAsync() => Platform.BuildingBlocks.Persistence.PersistenceExtensions.MigrateAsync<TDbContext>(DatabaseConnectionString);

    /// <summary>Runs work against the service's DbContext in a scope of the running host.</summary>
    public async Task<T> WithDbAsync<T>(Func<TDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }
}
