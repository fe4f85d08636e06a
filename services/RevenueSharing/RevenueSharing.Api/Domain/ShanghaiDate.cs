namespace RevenueSharing.Api.Domain;

/// <summary>A legal date is the Asia/Shanghai date of an instant (domain.md §0).</summary>
public static class ShanghaiDate
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime Of(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).Date;
}
