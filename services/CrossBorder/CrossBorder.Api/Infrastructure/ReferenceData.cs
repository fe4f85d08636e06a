using CrossBorder.Api.Domain;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Reference data seeded by migration (domain.md §6): the three Shanghai exchanges, SSTPE as the
/// cross-border gateway, and partner exchanges abroad in South-South countries. Admins add more.
/// The partner exchanges are illustrative reference rows for a local platform, not real institutions' codes.
/// </summary>
public static class ReferenceData
{
    public static readonly Exchange[] Exchanges =
    [
        new() { Code = "STEX", Name = "Shanghai Technology Exchange (上海技术交易所)", Country = "CN", Currency = "CNY" },
        new() { Code = "SHIPX", Name = "Shanghai Intellectual Property Exchange Center (上海知识产权交易中心)", Country = "CN", Currency = "CNY" },
        new() { Code = "SSTPE", Name = "South-South Global Technology Property Exchange (南南全球技术产权交易所)", Country = "CN", Currency = "CNY", IsCrossBorderGateway = true },
        new() { Code = "KETX", Name = "Kenya Technology Transfer Exchange (partner)", Country = "KE", Currency = "KES" },
        new() { Code = "BRTX", Name = "Brazil Technology Transfer Exchange (partner)", Country = "BR", Currency = "BRL" },
        new() { Code = "EGTX", Name = "Egypt Technology Transfer Exchange (partner)", Country = "EG", Currency = "EGP" },
    ];

    public static readonly Linkage[] Linkages =
    [
        new() { Id = Guid.Parse("0193a000-0000-7000-8000-000000000001"), From = "STEX", To = "SHIPX", Kind = LinkageKind.CoListing, Condition = "patent_assets" },
        new() { Id = Guid.Parse("0193a000-0000-7000-8000-000000000002"), From = "SSTPE", To = "KETX", Kind = LinkageKind.CrossBorder },
        new() { Id = Guid.Parse("0193a000-0000-7000-8000-000000000003"), From = "SSTPE", To = "BRTX", Kind = LinkageKind.CrossBorder },
        new() { Id = Guid.Parse("0193a000-0000-7000-8000-000000000004"), From = "SSTPE", To = "EGTX", Kind = LinkageKind.CrossBorder },
    ];
}
