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

// The one service table (deploy/services.tsv): name, project folder, port, database.
var table = File.ReadLines(Path.Combine(root, "deploy", "services.tsv"))
    .Where(line => line.Length > 0 && !line.StartsWith('#'))
    .Select(line => line.Split('\t'))
    .Select(c => (Name: c[0], Project: c[1], Assembly: Path.GetFileName(c[1]), Port: int.Parse(c[2], System.Globalization.CultureInfo.InvariantCulture), Database: c[3]))
    .ToList();

var services = table.Where(s => s.Name != "gateway").Select(s => Assembly(s.Name, s.Project, s.Assembly, s.Port)
    .WithEnvironment("ConnectionStrings__Database", "Host=127.0.0.1;Port=" + pgPort + ";Database=" + s.Database + ";Username=postgres")
    .WithEnvironment("ConnectionStrings__RabbitMq", rabbit)
    // A local run: an exchange may try its webhook receiver on its own machine (http on loopback, README).
    .WithEnvironment("Webhooks__AllowLoopback", "true")).ToList();

var gatewayRow = table.Single(s => s.Name == "gateway");
var gateway = Assembly(gatewayRow.Name, gatewayRow.Project, gatewayRow.Assembly, gatewayRow.Port)
    .WithEnvironment("PLATFORM_RATE_LIMIT_PER_MINUTE", builder.Configuration["PLATFORM_RATE_LIMIT_PER_MINUTE"] ?? "600");
foreach (var service in services) gateway.WaitFor(service);

builder.Build().Run();
