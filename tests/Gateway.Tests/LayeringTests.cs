using System.Reflection;
using NetArchTest.Rules;

namespace Gateway.Tests;

/// <summary>
/// Inside each service: endpoints (Apis) and consumers (Messaging) are adapters over the same use cases
/// (Application, Domain, Infrastructure) and never call into each other; read from the compiled assemblies.
/// </summary>
public class LayeringTests
{
    public static readonly TheoryData<string> Services = ["Listing", "Valuation", "RevenueSharing", "CrossBorder"];

    private static Assembly Of(string service) => service switch
    {
        "Listing" => typeof(Listing.Api.Infrastructure.ListingDbContext).Assembly,
        "Valuation" => typeof(Valuation.Api.Infrastructure.ValuationDbContext).Assembly,
        "RevenueSharing" => typeof(RevenueSharing.Api.Infrastructure.RevenueDbContext).Assembly,
        "CrossBorder" => typeof(CrossBorder.Api.Infrastructure.CrossBorderDbContext).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void Endpoints_do_not_call_into_consumers(string service)
    {
        var result = Types.InAssembly(Of(service)).That().ResideInNamespace($"{service}.Api.Apis")
            .ShouldNot().HaveDependencyOn($"{service}.Api.Messaging").GetResult();
        Assert.True(result.IsSuccessful, $"These endpoint types use {service}.Api.Messaging: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Consumers_do_not_call_into_endpoints(string service)
    {
        var result = Types.InAssembly(Of(service)).That().ResideInNamespace($"{service}.Api.Messaging")
            .ShouldNot().HaveDependencyOn($"{service}.Api.Apis").GetResult();
        Assert.True(result.IsSuccessful, $"These consumer types use {service}.Api.Apis: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_check_sees_a_dependency_where_there_is_one()
    {
        // Not a test that cannot fail: the same rule finds that endpoints depend on the service's Domain.
        var result = Types.InAssembly(Of("Listing")).That().ResideInNamespace("Listing.Api.Apis")
            .ShouldNot().HaveDependencyOn("Listing.Api.Domain").GetResult();
        Assert.False(result.IsSuccessful);
    }
}
