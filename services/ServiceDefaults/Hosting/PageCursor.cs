using System.Buffers.Text;
using System.Text.Json;
using Platform.BuildingBlocks.Errors;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>A list's <c>limit</c> and <c>cursor</c>, validated: past the first page, <see cref="After"/> is the sort key of the last item given.</summary>
public readonly record struct PageRequest<TKey>(int Size, bool HasAfter, TKey After);

/// <summary>Reads a cursor of an earlier format (or another documented resume point) into the sort key; false if it is not one.</summary>
public delegate bool LegacyCursor<TKey>(string cursor, out TKey key);

/// <summary>
/// Paging, one way for every list (README.md API conventions): <c>limit</c> from 1 to 200, default 50; <c>cursor</c> is
/// opaque to clients: base64url (RFC 4648 §5, no padding) of a JSON array of the sort-key values of the last item given,
/// in sort order, e.g. <c>["2026-12-01T08:00:00.123456+00:00","0193…"]</c>. A cursor only positions: every filter and tenant
/// check applies again to each page, so a forged one shows nothing the caller could not list.
/// </summary>
public static class PageCursor
{
    public const int DefaultLimit = 50, MaxLimit = 200;
    public const string LimitMessage = "From 1 to 200 (default 50).";
    public const string CursorMessage = "Not a cursor this API gave.";
    private const int MaxLength = 512;

    public static string Encode<T1>(T1 k1) => EncodeArray([k1]);

    public static string Encode<T1, T2>(T1 k1, T2 k2) => EncodeArray([k1, k2]);

    public static int Limit(ValidationErrors errors, int? limit)
    {
        errors.Check(limit is null or (>= 1 and <= MaxLimit), "limit", LimitMessage);
        return limit ?? DefaultLimit;
    }

    /// <summary>Validates limit and cursor into <paramref name="errors"/> (the caller then throws them with its own) for a list sorted by one key.</summary>
    public static PageRequest<T1> Read<T1>(ValidationErrors errors, int? limit, string? cursor,
        LegacyCursor<T1>? legacy = null, string message = CursorMessage)
    {
        var size = Limit(errors, limit);
        if (string.IsNullOrEmpty(cursor)) return new(size, false, default!);
        if (TryDecode(cursor, 1) is { } v && TryRead(v[0], out T1 k1)) return new(size, true, k1);
        if (legacy is not null && legacy(cursor, out var old)) return new(size, true, old);
        errors.Add("cursor", message);
        return new(size, false, default!);
    }

    /// <summary>The same for a list sorted by a key and a unique tie-breaker.</summary>
    public static PageRequest<(T1, T2)> Read<T1, T2>(ValidationErrors errors, int? limit, string? cursor,
        LegacyCursor<(T1, T2)>? legacy = null, string message = CursorMessage)
    {
        var size = Limit(errors, limit);
        if (string.IsNullOrEmpty(cursor)) return new(size, false, default);
        if (TryDecode(cursor, 2) is { } v && TryRead(v[0], out T1 k1) && TryRead(v[1], out T2 k2)) return new(size, true, (k1, k2));
        if (legacy is not null && legacy(cursor, out var old)) return new(size, true, old);
        errors.Add("cursor", message);
        return new(size, false, default);
    }

    /// <summary>Earlier lists answered a bare UUID as their cursor; one kept by a client still resumes.</summary>
    public static bool LegacyUuid(string cursor, out Guid key) => Guid.TryParse(cursor, out key);

    // Elements serialise by their runtime type: a UUID as text, a long as a number, an instant in ISO 8601 with all its
    // digits, a double as the shortest text that reads back to the same bits.
    private static string EncodeArray(object?[] keys) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(keys));

    private static JsonElement[]? TryDecode(string cursor, int arity)
    {
        if (cursor.Length > MaxLength) return null;
        try
        {
            var values = JsonSerializer.Deserialize<JsonElement[]>(Base64Url.DecodeFromChars(cursor));
            return values?.Length == arity ? values : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static bool TryRead<T>(JsonElement value, out T key)
    {
        key = default!;
        if (value.ValueKind is JsonValueKind.Null) return false;
        try
        {
            key = value.Deserialize<T>()!;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
        if (key is DateTimeOffset instant) key = (T)(object)instant.ToUniversalTime(); // Npgsql takes timestamptz at offset 0 only
        return true;
    }
}
