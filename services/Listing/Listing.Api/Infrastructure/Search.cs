using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Errors;

namespace Listing.Api.Infrastructure;

/// <summary>
/// Full-text search over inventions' title and abstract, with keyset pagination.
/// English: a tsvector (configuration 'english': stemming, stop words) with the title weighted above the
/// abstract, in a GIN index. Chinese has no word boundaries for PostgreSQL's parsers, so <c>q</c> also matches
/// substrings of title and abstract (ILIKE, served by pg_trgm GIN indexes); such a match ranks a title above an
/// abstract too. Pages are keyed on (rank, id): rows inserted between pages never repeat or skip one.
/// </summary>
public static class Search
{
    public const int DefaultLimit = 50, MaxLimit = 200;

    public sealed class Hit
    {
        public Guid Id { get; set; }
        public double Rank { get; set; }
    }

    /// <summary>One page: the ids in order and the cursor of the next page (null at the end).</summary>
    public sealed record Page(IReadOnlyList<Guid> Ids, string? NextCursor);

    public static int ValidLimit(int? limit, ValidationErrors errors)
    {
        errors.Check(limit is null or (>= 1 and <= MaxLimit), "limit", $"From 1 to {MaxLimit} (default {DefaultLimit}).");
        return limit ?? DefaultLimit;
    }

    /// <summary>
    /// Runs <paramref name="candidatesSql"/> (selecting <c>id</c> and a float8 <c>rank</c>, already filtered, with its
    /// parameters) one page at a time.
    /// </summary>
    public static async Task<Page> PageAsync(DbContext db, string candidatesSql, List<NpgsqlParameter> parameters, int limit,
        string? cursor, CancellationToken ct)
    {
        var (afterRank, afterId) = DecodeCursor(cursor);
        var keyset = afterId is null ? "" : "WHERE c.rank < @after_rank OR (c.rank = @after_rank AND c.id < @after_id)";
        if (afterId is not null)
        {
            parameters.Add(new NpgsqlParameter("after_rank", afterRank!.Value));
            parameters.Add(new NpgsqlParameter("after_id", afterId.Value));
        }
        parameters.Add(new NpgsqlParameter("page_size", limit + 1));
        // Only this class's fixed SQL fragments are composed here; every value a caller sent is a parameter.
        var sql = $"""SELECT c.id AS "Id", c.rank AS "Rank" FROM ({candidatesSql}) AS c {keyset} ORDER BY c.rank DESC, c.id DESC LIMIT @page_size""";
        var page = await db.Database.SqlQueryRaw<Hit>(sql, parameters.Cast<object>().ToArray()).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(page.Count - 1);
        return new Page(page.Select(h => h.Id).ToList(), more ? EncodeCursor(page[^1]) : null);
    }

    /// <summary>
    /// The rank and match condition of an invention row <c>i</c> for <c>q</c>: title matches rank above abstract
    /// matches. Adds the parameters @q and @like.
    /// </summary>
    public static (string Rank, string Matches) TextQuery(string? q, List<NpgsqlParameter> parameters)
    {
        if (string.IsNullOrWhiteSpace(q)) return ("0::float8", "TRUE");
        parameters.Add(new NpgsqlParameter("q", q));
        parameters.Add(new NpgsqlParameter("like", "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
        return (
            """
            (ts_rank(i.search_vector, websearch_to_tsquery('english', @q))::float8
             + CASE WHEN (i.content->>'title') ILIKE @like THEN 1.0 WHEN (i.content->>'abstract') ILIKE @like THEN 0.5 ELSE 0 END)
            """,
            """
            (i.search_vector @@ websearch_to_tsquery('english', @q)
             OR (i.content->>'title') ILIKE @like OR (i.content->>'abstract') ILIKE @like)
            """);
    }

    private static string EncodeCursor(Hit last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{BitConverter.DoubleToInt64Bits(last.Rank).ToString(CultureInfo.InvariantCulture)}|{last.Id}"));

    private static (double? Rank, Guid? Id) DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return (null, null);
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|');
            return (BitConverter.Int64BitsToDouble(long.Parse(parts[0], CultureInfo.InvariantCulture)), Guid.Parse(parts[1]));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw new RequestValidationException(new Dictionary<string, string[]> { ["cursor"] = ["Not a cursor this API gave."] });
        }
    }
}
