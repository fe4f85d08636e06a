using Microsoft.EntityFrameworkCore;
using CrossBorder.Api.Infrastructure;

namespace CrossBorder.Tests;

/// <summary>
/// #17: the running service logs in as its own role (CrossBorderDbContext.AppRole, migration RuntimeRole), which reads and writes
/// rows but owns nothing: it cannot change the schema, even after SET ROLE NONE. Only the migration step (the owner)
/// can; on Kubernetes the Deployments never hold the owner's password.
/// </summary>
public class RuntimeRoleTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    [Fact]
    public async Task The_service_logs_in_as_its_runtime_role_which_cannot_change_the_schema()
    {
        Assert.Equal(CrossBorderDbContext.AppRole,
            await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT session_user::text AS \"Value\"").SingleAsync()));
        Assert.True(await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<bool>($"SELECT has_table_privilege('deals', 'INSERT') AS \"Value\"").SingleAsync()));
        foreach (var sql in new[] { "DROP TABLE deals CASCADE", "ALTER TABLE deals ADD COLUMN x int", "SET ROLE NONE; DROP TABLE deals CASCADE", "TRUNCATE deals CASCADE", "CREATE TABLE intruder (id int)" })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.Service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Equal("42501", refused.SqlState);
        }
    }
}
