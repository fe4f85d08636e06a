using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Platform.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (<c>ConnectionStrings:RabbitMq</c>, an amqp:// URI with user and vhost),
    /// short in-memory retries (Debian's RabbitMQ has no delayed-message plugin), then the _error queue;
    /// plus this service's outbox relay.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging<TDbContext>(this IHostApplicationBuilder builder,
        string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null) where TDbContext : DbContext
    {
        var rabbit = RabbitMqUri(builder.Configuration);
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Messaging:Outbox"));
        builder.Services.AddHostedService<OutboxRelay<TDbContext>>();
        builder.Services.AddHostedService<Persistence.HousekeepingJob<TDbContext>>();
        // The bus and the outbox relay in the traces and metrics (the defaults know neither).
        builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddSource(MassTransit.Logging.DiagnosticHeaders.DefaultListenerName,
            OutboxRelay<DbContext>.Source.Name));
        builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter(MassTransit.Monitoring.InstrumentationOptions.MeterName, "Platform.Messaging"));
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddReceiveObserver<DeadLetterObserver>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<Tenants.TenantDirectory>();
        builder.Services.AddHealthChecks().AddCheck<DeadLetterHealthCheck>("dead-lettered",
            failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: [Hosting.ServiceDefaults.ReadyTag]);

        // A message published before a consumer's queue is bound on a fresh broker would be dropped.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });

        var retryIntervals = builder.Configuration.GetSection("Messaging:RetryIntervalsMs").Get<int[]>() ?? [100, 500, 1000, 2000];
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            addConsumers?.Invoke(x);
            // Every service keeps its own copy of the registered tenants (Tenants/RegisteredTenant.cs).
            x.AddConsumer<Tenants.TenantRegisteredConsumer<TDbContext>>()
                .Endpoint(e => e.Name = $"{serviceName}-tenant-registered");
            // On a RabbitMQ cluster (Kubernetes: Messaging__QuorumQueues=true) the queues are quorum queues, replicated
            // over the nodes; a single local broker keeps classic ones (a queue's type cannot change once declared).
            var quorum = builder.Configuration.GetValue("Messaging:QuorumQueues", false);
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Intervals(retryIntervals));
                if (quorum && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit.Host, (ushort)(rabbit.Port > 0 ? rabbit.Port : 5672), VirtualHost(rabbit), h =>
                {
                    var (user, pass) = Credentials(rabbit);
                    h.Username(user);
                    h.Password(pass);
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    public static Uri RabbitMqUri(IConfiguration configuration) =>
        new(configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:RabbitMq is not set (e.g. amqp://platform:platform@127.0.0.1:5673/)."));

    public static string VirtualHost(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        return string.IsNullOrEmpty(path) ? "/" : path;
    }

    public static (string User, string Password) Credentials(Uri uri)
    {
        var parts = uri.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }
}
