using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Platform.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the tests use. In order: connection strings from the environment
/// (what ./platform test sets after starting local servers); else Testcontainers when a Docker engine
/// answers; else a failure that says how to start the servers. Never a mock, never a silent skip.
/// </summary>
public static class TestServers
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Endpoints? _endpoints;

    public sealed record Endpoints(string Postgres, Uri RabbitMq, Uri RabbitMqManagement);

    public static async Task<Endpoints> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _endpoints ??= FromEnvironment() ?? await FromContainersAsync()
                ?? throw new InvalidOperationException(
                    "No PostgreSQL or RabbitMQ for the tests. Run them through `./platform test`, which starts both, " +
                    "or set PLATFORM_TEST_POSTGRES (e.g. Host=127.0.0.1;Port=5434;Username=postgres), PLATFORM_TEST_RABBITMQ " +
                    "(amqp://platform:platform@127.0.0.1:5674/) and PLATFORM_TEST_RABBITMQ_MANAGEMENT " +
                    "(http://platform:platform@127.0.0.1:15674/), or make a Docker engine available for Testcontainers.");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Endpoints? FromEnvironment()
    {
        var pg = Environment.GetEnvironmentVariable("PLATFORM_TEST_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ");
        var management = Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ_MANAGEMENT");
        if (string.IsNullOrEmpty(pg) || string.IsNullOrEmpty(rabbit) || string.IsNullOrEmpty(management)) return null;
        return new Endpoints(pg, new Uri(rabbit), new Uri(management));
    }

    private static async Task<Endpoints?> FromContainersAsync()
    {
        if (!await DockerAnswersAsync()) return null;
        var postgres = new PostgreSqlBuilder("postgres:15").WithUsername("postgres").WithPassword("postgres").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.10-management").WithUsername("platform").WithPassword("platform")
            .WithPortBinding(15672, true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var pgBuilder = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = null };
        return new Endpoints(pgBuilder.ConnectionString, new Uri(rabbit.GetConnectionString()),
            new Uri($"http://platform:platform@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"));
    }

    /// <summary>A cheap probe with a timeout: a socket that accepts but never answers would hang discovery.</summary>
    private static async Task<bool> DockerAnswersAsync()
    {
        try
        {
            var probe = Task.Run(() => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null);
            return await probe.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            return false;
        }
    }
}
