namespace Platform.BuildingBlocks.Time;

/// <summary>A legal date is the Asia/Shanghai date of an instant (domain.md §0).</summary>
public static class ShanghaiDate
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
