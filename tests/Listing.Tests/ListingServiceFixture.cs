using Listing.Api.Infrastructure;
using Platform.Testing;

namespace Listing.Tests;

/// <summary>The listing service in-process on its own database and vhost of the real servers.</summary>
public sealed class ListingServiceFixture : IAsyncLifetime
{
    public ServiceFactory<ListingDbContext> Service { get; private set; } = null!;

    public HttpClient Client(string? role = null, string? org = null)
    {
        TestTenants.Ensure(Service.DatabaseConnectionString, role, org);
        var client = Service.CreateClient();
        return role is null ? client : client.As(role, org);
    }

    public async Task InitializeAsync() =>
        Service = await ServiceFactory<ListingDbContext>.StartAsync("listing");

    public async Task DisposeAsync() => await Service.DisposeAsync();
}
