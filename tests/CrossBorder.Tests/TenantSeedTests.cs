using CrossBorder.Api.Infrastructure;
using Platform.BuildingBlocks.Tenants;

namespace CrossBorder.Tests;

public class TenantSeedTests
{
    /// <summary>Every seeded exchange is a seeded tenant and no other exchange is: the two lists are kept apart only
    /// because the register is shared by all four services.</summary>
    [Fact]
    public void The_seeded_exchange_tenants_are_the_seeded_exchanges() =>
        Assert.Equal(
            ReferenceData.Exchanges.Select(e => (e.Code, e.Name)).Order(),
            TenantSeed.All.Where(t => t.Role == "exchange").Select(t => (Code: t.Org, t.Name)).Order());
}
