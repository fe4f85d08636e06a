using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using RabbitMQ.Client;

namespace Platform.BuildingBlocks.Hosting;

public static class ReadinessChecks
{
    /// <summary>/health/ready checks this service's PostgreSQL database (unready without it) and RabbitMQ (degraded without it).</summary>
    public static IHostApplicationBuilder AddReadinessChecks(this IHostApplicationBuilder builder)
    {
        var rabbit = MessagingExtensions.RabbitMqUri(builder.Configuration);
        builder.Services.AddSingleton(new HealthConnection(rabbit));
        builder.Services.AddHealthChecks()
            .AddNpgSql(builder.Configuration.DatabaseConnectionString(), name: "postgresql", tags: [ServiceDefaults.ReadyTag])
            // RabbitMQ down makes the service Degraded, still ready: the outbox holds its events until the broker is back,
            // and requests do not need it. Only its own database makes it unready.
            .AddRabbitMQ(sp => sp.GetRequiredService<HealthConnection>().GetAsync(), name: "rabbitmq",
                failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: [ServiceDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// One RabbitMQ connection for the health check, re-made after a failure (the check's own factory
    /// would otherwise cache a faulted connection forever).
    /// </summary>
    public sealed class HealthConnection(Uri uri) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private IConnection? _connection;

        public async Task<IConnection> GetAsync()
        {
            await _gate.WaitAsync();
            try
            {
                if (_connection is { IsOpen: true }) return _connection;
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
                var (user, pass) = MessagingExtensions.Credentials(uri);
                var factory = new ConnectionFactory
                {
                    HostName = uri.Host, Port = uri.Port > 0 ? uri.Port : 5672,
                    VirtualHost = MessagingExtensions.VirtualHost(uri), UserName = user, Password = pass,
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                    ClientProvidedName = "health-check",
                };
                _connection = await factory.CreateConnectionAsync();
                return _connection;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null) await _connection.DisposeAsync();
        }
    }
}
