using CrossBorder.Api.Domain;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// Reference data seeded by migration (services/CrossBorder/README.md §6): the three Shanghai exchanges, SSTPE as the
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

    /// <summary>
    /// Statutory public holidays (全国年节及纪念日放假办法, 2024 revision) of the current and next year, on their
    /// dates: New Year's Day, Spring Festival eve and days 1–3, Qingming, Labour Day (2), Dragon Boat, Mid-Autumn,
    /// National Day (3); and the State Council's bridging arrangement (调休) for 2026: the extra days off that fall on
    /// weekdays and the make-up working days on weekends, from 国务院办公厅关于2026年部分节假日安排的通知
    /// (国办发明电〔2025〕7号, 4 November 2025; gov.cn/zhengce/content/202511/content_7047090.htm). The 2027
    /// arrangement was not yet available to this repository: an admin enters it with PUT /api/calendar/{date} when
    /// published (the statutory days of 2027 are seeded).
    /// </summary>
    public static readonly CalendarDay[] Holidays =
    [
        .. Days("New Year's Day", "2026-01-01", "2027-01-01"),
        .. Days("Spring Festival", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08"),
        .. Days("Qingming", "2026-04-05", "2027-04-05"),
        .. Days("Labour Day", "2026-05-01", "2026-05-02", "2027-05-01", "2027-05-02"),
        .. Days("Dragon Boat Festival", "2026-06-19", "2027-06-09"),
        .. Days("Mid-Autumn Festival", "2026-09-25", "2027-09-15"),
        .. Days("National Day", "2026-10-01", "2026-10-02", "2026-10-03", "2027-10-01", "2027-10-02", "2027-10-03"),
        // 2026 调休 (国办发明电〔2025〕7号): weekdays off ...
        .. Days("New Year's Day (调休 2026)", "2026-01-02"),
        .. Days("Spring Festival (调休 2026)", "2026-02-20", "2026-02-23"),
        .. Days("Qingming (调休 2026)", "2026-04-06"),
        .. Days("Labour Day (调休 2026)", "2026-05-04", "2026-05-05"),
        .. Days("National Day (调休 2026)", "2026-10-05", "2026-10-06", "2026-10-07"),
        // ... and weekend days worked in their place.
        .. WorkingDays("Make-up working day (调休 2026)", "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
    ];

    private static IEnumerable<CalendarDay> WorkingDays(string name, params string[] dates) =>
        dates.Select(d => new CalendarDay { Date = DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), Working = true, Name = name });

    private static IEnumerable<CalendarDay> Days(string name, params string[] dates) =>
        dates.Select(d => new CalendarDay { Date = DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), Working = false, Name = name });
}
