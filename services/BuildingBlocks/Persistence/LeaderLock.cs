using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// Leadership among the replicas of a service: a PostgreSQL session advisory lock on a name, held on a connection
/// kept open while the process lives. When the process dies its connection closes and the lock is free at once;
/// when its host vanishes without closing (a network partition), the server's TCP keepalives, set short on this
/// session, end the session within about 15 seconds, so another replica takes over. The connection is checked on
/// every call: after a PostgreSQL restart the lock is gone, and only a query notices.
/// </summary>
public sealed class LeaderLock(string connectionString, string name, ILogger logger) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(e, "Lost the connection holding leadership of {Name}; taking it again", name);
            }
        }
        await DisposeAsync();

        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using (var keepalives = new NpgsqlCommand(
                "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3", connection))
                await keepalives.ExecuteNonQueryAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext($1 || ':' || current_database()))", connection);
            command.Parameters.AddWithValue(name);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }
}
