using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

namespace BuildingBlocks.Tests;

/// <summary>One cursor format for every list: what a page gives is what the next request reads, anything else is a 400 on "cursor".</summary>
public class PageCursorTests
{
    [Fact]
    public void A_cursor_carries_the_sort_keys_of_the_last_item_exactly()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234560); // microseconds, as PostgreSQL keeps them
        var id = Guid.CreateVersion7();
        var errors = new ValidationErrors();
        var read = PageCursor.Read<DateTimeOffset, Guid>(errors, 10, PageCursor.Encode(at, id));
        Assert.False(errors.Any);
        Assert.True(read.HasAfter);
        Assert.Equal((at, id), read.After);
        Assert.Equal(TimeSpan.Zero, read.After.Item1.Offset); // Npgsql writes timestamptz at offset 0 only
        Assert.Equal(0.1 + 0.2, PageCursor.Read<double>(errors, null, PageCursor.Encode(0.1 + 0.2)).After); // the same bits
        Assert.Equal(long.MaxValue, PageCursor.Read<long>(errors, null, PageCursor.Encode(long.MaxValue)).After);
        Assert.False(errors.Any);
    }

    [Fact]
    public void A_cursor_is_url_safe() =>
        Assert.All(Enumerable.Range(0, 200).Select(_ => PageCursor.Encode(DateTimeOffset.UtcNow, Guid.NewGuid())),
            c => Assert.Equal(Uri.EscapeDataString(c), c));

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("WyJ4Il0")] // ["x"]: an array, but not of the list's keys
    [InlineData("W10")] // []: no keys
    [InlineData("bnVsbA")] // null
    public void Anything_else_is_refused_on_the_cursor_field(string cursor)
    {
        var errors = new ValidationErrors();
        var read = PageCursor.Read<Guid>(errors, null, cursor);
        Assert.True(errors.Any);
        Assert.False(read.HasAfter);
        Assert.Throws<RequestValidationException>(errors.ThrowIfAny);
    }

    [Fact]
    public void A_bare_uuid_cursor_of_the_earlier_format_still_resumes()
    {
        var id = Guid.NewGuid();
        var errors = new ValidationErrors();
        Assert.Equal(id, PageCursor.Read<Guid>(errors, null, id.ToString(), PageCursor.LegacyUuid).After);
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void A_limit_out_of_range_is_refused(int limit)
    {
        var errors = new ValidationErrors();
        PageCursor.Limit(errors, limit);
        Assert.True(errors.Any);
    }
}
