using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// #17: a running service logs in as its own runtime role (migration RuntimeRole, AppRole for revenue-sharing), which
/// reads and writes rows but owns nothing: it cannot change the schema, even after SET ROLE NONE.
/// </summary>
public static class RuntimeRoleChecks
{
    public static async Task LogsInAsARoleThatCannotChangeTheSchemaAsync<TDbContext>(ServiceFactory<TDbContext> service, string role, string table)
        where TDbContext : DbContext
    {
        Assert.Equal(role, await service.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT session_user::text AS \"Value\"").SingleAsync()));
        Assert.True(await service.WithDbAsync(db => db.Database.SqlQuery<bool>($"SELECT has_table_privilege({table}, 'INSERT') AS \"Value\"").SingleAsync()));
        foreach (var sql in new[] { $"DROP TABLE {table} CASCADE", $"ALTER TABLE {table} ADD COLUMN x int", $"SET ROLE NONE; DROP TABLE {table} CASCADE",
                     $"TRUNCATE {table} CASCADE", "CREATE TABLE intruder (id int)" })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Equal("42501", refused.SqlState); // insufficient_privilege
        }
    }
}
