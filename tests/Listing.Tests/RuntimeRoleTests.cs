using Listing.Api.Infrastructure;
using Platform.Testing;

namespace Listing.Tests;

/// <summary>#17: the running service logs in as ListingDbContext.AppRole, which cannot change the schema (RuntimeRoleChecks).</summary>
public class RuntimeRoleTests(ListingServiceFixture fixture) : IClassFixture<ListingServiceFixture>
{
    [Fact]
    public Task The_service_logs_in_as_its_runtime_role_which_cannot_change_the_schema() =>
        RuntimeRoleChecks.LogsInAsARoleThatCannotChangeTheSchemaAsync(fixture.Service, ListingDbContext.AppRole, "inventions");
}
