using Platform.BuildingBlocks.Time;

namespace CrossBorder.Api.Domain;

/// <summary>A day of the admin-managed working-day calendar that differs from Monday–Friday: a holiday or a make-up day.</summary>
public sealed class CalendarDay
{
    public DateOnly Date { get; init; }
    public bool Working { get; set; }
    public string? Name { get; set; }
}

/// <summary>
/// Public notice (公示) of an agreement-priced deal (services/CrossBorder/README.md §2): it starts on the next working day after the
/// deal is recorded and lasts the unit's publicityWorkingDays (15 by default), ending at 24:00 Asia/Shanghai of its
/// last working day. Working days: Monday to Friday, minus holidays, plus make-up days (README.md §0).
/// </summary>
public static class PublicNotice
{
    public const int DefaultWorkingDays = 15;

    public static bool IsWorking(DateOnly date, IReadOnlyDictionary<DateOnly, CalendarDay> calendar) =>
        calendar.TryGetValue(date, out var day) ? day.Working : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static (DateOnly FirstDay, DateOnly LastDay) Period(DateOnly recordedOn, int workingDays, IReadOnlyDictionary<DateOnly, CalendarDay> calendar)
    {
        var day = recordedOn.AddDays(1);
        while (!IsWorking(day, calendar)) day = day.AddDays(1);
        var first = day;
        for (var counted = 1; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorking(day, calendar)) counted++;
        }
        return (first, day);
    }

    /// <summary>The instant the notice ends: 24:00 Asia/Shanghai of the last working day.</summary>
    public static DateTimeOffset EndsAt(DateOnly lastDay) => ShanghaiDate.StartOf(lastDay.AddDays(1));
}

/// <summary>An objection raised during a deal's notice; the deal does not conclude while one is open.</summary>
public sealed class Objection
{
    public Guid Id { get; init; }
    public Guid DealId { get; init; }
    public required string Reason { get; init; }
    public required string RaisedBy { get; init; }
    public DateTimeOffset RaisedAt { get; init; }
    public string? Resolution { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    public bool IsOpen => ResolvedAt is null;
}

/// <summary>The notice length a university's policy sets (from policy.updated), by the date it takes effect.</summary>
public sealed class UniversityNoticePolicy
{
    public required string UniversityId { get; init; }
    public int Version { get; init; }
    public int PublicityWorkingDays { get; init; }
    public DateOnly EffectiveFrom { get; init; }
}
