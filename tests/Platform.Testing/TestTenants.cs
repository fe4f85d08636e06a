using System.Collections.Concurrent;
using Npgsql;

namespace Platform.Testing;

/// <summary>
/// Registers the university or exchange a test acts as, in a service's own copy of the register, as the
/// tenant.registered event would: tests make up tenants ("pay-1a2b3c") so that each starts from nothing, and a
/// token whose org is not registered is refused (README.md, Security). Tests of that refusal build their client
/// without this.
/// </summary>
public static class TestTenants
{
    private static readonly ConcurrentDictionary<(string Database, string Role, string Org), bool> Registered = new();

    public static void Ensure(string databaseConnectionString, string? role, string? org)
    {
        if (role is not ("university" or "exchange") || string.IsNullOrEmpty(org)) return;
        if (Registered.ContainsKey((databaseConnectionString, role, org))) return;
        // Synchronous on purpose: the fixtures' Client(role, org) is synchronous and called from hundreds of tests.
        using var connection = new NpgsqlConnection(databaseConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO registered_tenants (role, org, name, registered_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = org });
        command.Parameters.Add(new NpgsqlParameter { Value = $"{org} (registered by a test)" });
        command.ExecuteNonQuery();
        Registered[(databaseConnectionString, role, org)] = true;
    }
}
