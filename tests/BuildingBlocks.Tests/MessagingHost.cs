using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using Platform.Testing;

namespace BuildingBlocks.Tests;

/// <summary>A test message and the table its consumer writes.</summary>
public sealed record SomethingHappened
{
    public required string Marker { get; init; }
}

public sealed record PleaseFail
{
    public required string Marker { get; init; }
}

public sealed class Effect
{
    public long Id { get; set; }
    public required string Marker { get; set; }
}

public sealed class MessagingTestDb(DbContextOptions<MessagingTestDb> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Effect>().ToTable("effects");
        model.AddOutboxAndInbox();
    }
}

/// <summary>Records one effect per message, through the inbox.</summary>
public sealed class SomethingHappenedConsumer(MessagingTestDb db, Microsoft.Extensions.Logging.ILogger<SomethingHappenedConsumer> logger)
    : InboxConsumer<SomethingHappened, MessagingTestDb>(db, logger)
{
    protected override Task HandleAsync(SomethingHappened message, ConsumeContext<SomethingHappened> context)
    {
        Db.Effects.Add(new Effect { Marker = message.Marker });
        return Task.CompletedTask;
    }
}

/// <summary>A message whose consumer fails while its marker is "broken" (a bug), and records its effect once fixed.</summary>
public sealed record Fixable
{
    public required string Marker { get; init; }
}

public sealed class FixableConsumer(MessagingTestDb db, Microsoft.Extensions.Logging.ILogger<FixableConsumer> logger)
    : InboxConsumer<Fixable, MessagingTestDb>(db, logger)
{
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Broken = new();

    protected override Task HandleAsync(Fixable message, ConsumeContext<Fixable> context)
    {
        if (Broken.ContainsKey(message.Marker)) throw new InvalidOperationException($"A bug: {message.Marker} cannot be handled yet.");
        Db.Effects.Add(new Effect { Marker = message.Marker });
        return Task.CompletedTask;
    }
}

public sealed class PleaseFailConsumer : IConsumer<PleaseFail>
{
    public Task Consume(ConsumeContext<PleaseFail> context) => throw new InvalidOperationException("This consumer always fails.");
}

/// <summary>
/// A host with the platform's real messaging (MassTransit on RabbitMQ, outbox relay, inbox) on a fresh
/// database and vhost. RabbitMQ may be reached through a <see cref="TcpProxy"/> so a test can cut it.
/// </summary>
public sealed class MessagingHost : IAsyncDisposable
{
    public const string ServiceName = "bbtest";
    private readonly IHost _app;

    public string Database { get; }
    public Uri Vhost { get; }
    public TcpProxy? Proxy { get; }
    public IServiceProvider Services => _app.Services;

    private MessagingHost(IHost app, string database, Uri vhost, TcpProxy? proxy)
    {
        _app = app;
        Database = database;
        Vhost = vhost;
        Proxy = proxy;
    }

    /// <param name="database">Another host's database and <paramref name="vhost"/>: a second instance of the same service.</param>
    /// <param name="quorumQueues">Declare quorum queues, as on a RabbitMQ cluster (Messaging:QuorumQueues).</param>
    public static async Task<MessagingHost> StartAsync(bool throughProxy = false, string? database = null, Uri? vhost = null, bool quorumQueues = false)
    {
        database ??= await TestInfrastructure.NewDatabaseAsync("bb");
        vhost ??= await TestInfrastructure.NewVhostAsync("bb");
        TcpProxy? proxy = null;
        var rabbit = vhost;
        if (throughProxy)
        {
            proxy = new TcpProxy(vhost.Host, vhost.Port);
            proxy.Start();
            rabbit = new UriBuilder(vhost) { Port = proxy.Port }.Uri;
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Database"] = database;
        builder.Configuration["ConnectionStrings:RabbitMq"] = rabbit.ToString();
        builder.Configuration["Messaging:Outbox:PollInterval"] = "00:00:00.500";
        builder.Configuration["Messaging:Outbox:MaxBackoff"] = "00:00:01";
        builder.Configuration["Messaging:Outbox:PublishTimeout"] = "00:00:02";
        builder.Configuration["Messaging:RetryIntervalsMs:0"] = "10";
        builder.Configuration["Messaging:RetryIntervalsMs:1"] = "10";
        if (quorumQueues) builder.Configuration["Messaging:QuorumQueues"] = "true";
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPlatformDbContext<MessagingTestDb>();
        builder.AddPlatformMessaging<MessagingTestDb>(ServiceName, x =>
        {
            x.AddConsumer<SomethingHappenedConsumer>();
            x.AddConsumer<PleaseFailConsumer>();
            x.AddConsumer<FixableConsumer>();
        });
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MessagingTestDb>().Database.EnsureCreatedAsync(); // a test-only model
        await app.StartAsync();
        return new MessagingHost(app, database, vhost, proxy);
    }

    public async Task<T> WithDbAsync<T>(Func<MessagingTestDb, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MessagingTestDb>());
    }

    public Task<int> EffectsAsync(string marker) => WithDbAsync(db => db.Effects.CountAsync(e => e.Marker == marker));

    public static string QueueOf<TConsumer>() where TConsumer : class, IConsumer =>
        new KebabCaseEndpointNameFormatter(ServiceName, false).Consumer<TConsumer>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _app.Dispose();
        if (Proxy is not null) await Proxy.DisposeAsync();
    }
}
