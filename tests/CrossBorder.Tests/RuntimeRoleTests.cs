using CrossBorder.Api.Infrastructure;
using Platform.Testing;

namespace CrossBorder.Tests;

/// <summary>#17: the running service logs in as CrossBorderDbContext.AppRole, which cannot change the schema (RuntimeRoleChecks).</summary>
public class RuntimeRoleTests(CrossBorderServiceFixture fixture) : IClassFixture<CrossBorderServiceFixture>
{
    [Fact]
    public Task The_service_logs_in_as_its_runtime_role_which_cannot_change_the_schema() =>
        RuntimeRoleChecks.LogsInAsARoleThatCannotChangeTheSchemaAsync(fixture.Service, CrossBorderDbContext.AppRole, "deals");
}
