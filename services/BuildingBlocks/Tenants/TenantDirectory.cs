using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// Answers "is this org registered for this role?" from this service's copy, cached: a registered tenant for five
/// minutes (registrations are never withdrawn), an unknown one for two seconds, so a tenant registered a moment ago
/// is let in soon and a stream of requests with an unknown org costs one indexed read every two seconds.
/// </summary>
public sealed class TenantDirectory(IMemoryCache cache)
{
    private static readonly TimeSpan Known = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Unknown = TimeSpan.FromSeconds(2);

    /// <param name="db">Asked for only on a cache miss: most requests resolve no DbContext here.</param>
    public async ValueTask<bool> IsRegisteredAsync(Func<DbContext> db, string role, string org, CancellationToken ct)
    {
        var key = Key(role, org);
        if (cache.TryGetValue(key, out bool registered)) return registered;
        registered = await db().Set<RegisteredTenant>().AsNoTracking().AnyAsync(t => t.Role == role && t.Org == org, ct);
        cache.Set(key, registered, registered ? Known : Unknown);
        return registered;
    }

    /// <summary>Drops what is cached for the tenant, after a registration this process saw.</summary>
    public void Forget(string role, string org) => cache.Remove(Key(role, org));

    private static (string, string, string) Key(string role, string org) => ("tenant", role, org);
}
