using Microsoft.EntityFrameworkCore;
using Valuation.Api.Infrastructure;

namespace Valuation.Tests;

/// <summary>
/// #17: the running service logs in as its own role (ValuationDbContext.AppRole, migration RuntimeRole), which reads and writes
/// rows but owns nothing: it cannot change the schema, even after SET ROLE NONE. Only the migration step (the owner)
/// can; on Kubernetes the Deployments never hold the owner's password.
/// </summary>
public class RuntimeRoleTests(ValuationServiceFixture fixture) : IClassFixture<ValuationServiceFixture>
{
    [Fact]
    public async Task The_service_logs_in_as_its_runtime_role_which_cannot_change_the_schema()
    {
        Assert.Equal(ValuationDbContext.AppRole,
            await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT session_user::text AS \"Value\"").SingleAsync()));
        Assert.True(await fixture.Service.WithDbAsync(db => db.Database.SqlQuery<bool>($"SELECT has_table_privilege('valuations', 'INSERT') AS \"Value\"").SingleAsync()));
        foreach (var sql in new[] { "DROP TABLE valuations CASCADE", "ALTER TABLE valuations ADD COLUMN x int", "SET ROLE NONE; DROP TABLE valuations CASCADE", "TRUNCATE valuations CASCADE", "CREATE TABLE intruder (id int)" })
        {
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => fixture.Service.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql)));
            Assert.Equal("42501", refused.SqlState);
        }
    }
}
