using Platform.BuildingBlocks.Auth;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// A university or exchange the platform knows: a token's <c>org</c> must name one registered for its role, or the
/// request is refused (403 org-not-registered). Each service keeps its own copy (table <c>registered_tenants</c>),
/// seeded by migration and kept current by <see cref="TenantRegistered"/> events.
/// </summary>
public sealed class RegisteredTenant
{
    public required string Role { get; init; }
    public required string Org { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
}

/// <summary>
/// The tenants every database starts with: the Shanghai universities the demo and the tests use, and the exchanges
/// of cross-border's reference data (a test checks the two lists agree). Admins register more:
/// <c>PUT /api/universities/{code}</c> (revenue-sharing) and <c>POST /api/exchanges</c> (cross-border).
/// </summary>
public static class TenantSeed
{
    private static readonly DateTimeOffset Seeded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly RegisteredTenant[] All =
    [
        University("fudan", "Fudan University (复旦大学)"),
        University("sjtu", "Shanghai Jiao Tong University (上海交通大学)"),
        University("tongji", "Tongji University (同济大学)"),
        University("ecnu", "East China Normal University (华东师范大学)"),
        University("shu", "Shanghai University (上海大学)"),
        Exchange("STEX", "Shanghai Technology Exchange (上海技术交易所)"),
        Exchange("SHIPX", "Shanghai Intellectual Property Exchange Center (上海知识产权交易中心)"),
        Exchange("SSTPE", "South-South Global Technology Property Exchange (南南全球技术产权交易所)"),
        Exchange("KETX", "Kenya Technology Transfer Exchange (partner)"),
        Exchange("BRTX", "Brazil Technology Transfer Exchange (partner)"),
        Exchange("EGTX", "Egypt Technology Transfer Exchange (partner)"),
    ];

    private static RegisteredTenant University(string code, string name) =>
        new() { Role = PlatformRoles.University, Org = code, Name = name, RegisteredAt = Seeded };

    private static RegisteredTenant Exchange(string code, string name) =>
        new() { Role = PlatformRoles.Exchange, Org = code, Name = name, RegisteredAt = Seeded };
}
