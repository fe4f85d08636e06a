using Valuation.Api.Infrastructure;
using Platform.Testing;

namespace Valuation.Tests;

/// <summary>#17: the running service logs in as ValuationDbContext.AppRole, which cannot change the schema (RuntimeRoleChecks).</summary>
public class RuntimeRoleTests(ValuationServiceFixture fixture) : IClassFixture<ValuationServiceFixture>
{
    [Fact]
    public Task The_service_logs_in_as_its_runtime_role_which_cannot_change_the_schema() =>
        RuntimeRoleChecks.LogsInAsARoleThatCannotChangeTheSchemaAsync(fixture.Service, ValuationDbContext.AppRole, "valuations");
}
