// The local platform under Aspire (./platform up): the four services and the gateway run as executables from
// their built assemblies (`dotnet X.dll`, as the end-to-end tests run them: no five concurrent `dotnet run`
// builds), on fixed ports, each exporting traces, metrics and logs to the dashboard. PostgreSQL and RabbitMQ are
// started beforehand by ./platform: there is no Docker engine here, so no container resources.
var builder = DistributedApplication.CreateBuilder(args);

var root = builder.Configuration["PLATFORM_ROOT"]
    ?? throw new InvalidOperationException("PLATFORM_ROOT is not set: start the AppHost with ./platform up.");
var configuration = builder.Configuration["PLATFORM_CONFIGURATION"] ?? "Release";
var pgPort = builder.Configuration["PLATFORM_PG_PORT"] ?? "5433";
var rabbit = builder.Configuration["PLATFORM_RABBITMQ"] ?? "amqp://platform:platform@127.0.0.1:5673/";
var jwtKey = builder.Configuration["PLATFORM_JWT_KEY"]
    ?? throw new InvalidOperationException("PLATFORM_JWT_KEY is not set: start the AppHost with ./platform up.");
var ledgerKey = builder.Configuration["PLATFORM_LEDGER_KEY"]
    ?? throw new InvalidOperationException("PLATFORM_LEDGER_KEY is not set: start the AppHost with ./platform up.");

IResourceBuilder<ExecutableResource> Assembly(string name, string projectDirectory, string assembly, int port)
{
    var folder = Path.Combine(root, projectDirectory, "bin", configuration, "net10.0");
    return builder.AddExecutable(name, "dotnet", folder, Path.Combine(folder, assembly + ".dll"))
        .WithHttpEndpoint(port: port, isProxied: false)
        .WithEnvironment("ASPNETCORE_URLS", "http://127.0.0.1:" + port)
        // As users run it (Production log levels); PLATFORM_UP_ENVIRONMENT=Development asks for a developer's settings.
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", Environment.GetEnvironmentVariable("PLATFORM_UP_ENVIRONMENT") ?? "Production")
        .WithEnvironment("PLATFORM_JWT_KEY", jwtKey)
        .WithEnvironment("Ledger__SigningKey", ledgerKey)
        .WithOtlpExporter()
        .WithHttpHealthCheck("/health/ready");
}

var services = new[]
{
    ("listing", "services/Listing/Listing.Api", "Listing.Api", 8101, "listing"),
    ("valuation", "services/Valuation/Valuation.Api", "Valuation.Api", 8102, "valuation"),
    ("revenue-sharing", "services/RevenueSharing/RevenueSharing.Api", "RevenueSharing.Api", 8103, "revenue_sharing"),
    ("cross-border", "services/CrossBorder/CrossBorder.Api", "CrossBorder.Api", 8104, "cross_border"),
}.Select(s => Assembly(s.Item1, s.Item2, s.Item3, s.Item4)
    .WithEnvironment("ConnectionStrings__Database", "Host=127.0.0.1;Port=" + pgPort + ";Database=" + s.Item5 + ";Username=postgres")
    .WithEnvironment("ConnectionStrings__RabbitMq", rabbit)
    // A local run: an exchange may try its webhook receiver on its own machine (http on loopback, README).
    .WithEnvironment("Webhooks__AllowLoopback", "true")).ToList();

var gateway = Assembly("gateway", "gateway/Platform.Gateway", "Platform.Gateway", 8080)
    .WithEnvironment("PLATFORM_RATE_LIMIT_PER_MINUTE", builder.Configuration["PLATFORM_RATE_LIMIT_PER_MINUTE"] ?? "600");
foreach (var service in services) gateway.WaitFor(service);

builder.Build().Run();
