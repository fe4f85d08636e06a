using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

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
    public sealed class Hit
    {
        public Guid Id { get; set; }
        public double Rank { get; set; }
    }

    /// <summary>One page: the ids in order and the cursor of the next page (null at the end).</summary>
    public sealed record Page(IReadOnlyList<Guid> Ids, string? NextCursor);

    /// <summary>
    /// Limit and cursor, as every list reads them (PageCursor: the cursor holds the last hit's rank and id), into the
    /// caller's errors. A cursor of the earlier format (base64 of "rank bits|id") is still read.
    /// </summary>
    public static PageRequest<(double Rank, Guid Id)> Paging(ValidationErrors errors, int? limit, string? cursor) =>
        PageCursor.Read<double, Guid>(errors, limit, cursor, LegacyCursor);

    /// <summary>
    /// Runs <paramref name="candidatesSql"/> (selecting <c>id</c> and a float8 <c>rank</c>, already filtered, with its
    /// parameters) one page at a time.
    /// </summary>
    public static async Task<Page> PageAsync(DbContext db, string candidatesSql, List<NpgsqlParameter> parameters,
        PageRequest<(double Rank, Guid Id)> paging, CancellationToken ct)
    {
        var limit = paging.Size;
        var keyset = paging.HasAfter ? "WHERE c.rank < @after_rank OR (c.rank = @after_rank AND c.id < @after_id)" : "";
        if (paging.HasAfter)
        {
            parameters.Add(new NpgsqlParameter("after_rank", paging.After.Rank));
            parameters.Add(new NpgsqlParameter("after_id", paging.After.Id));
        }
        parameters.Add(new NpgsqlParameter("page_size", limit + 1));
        // Only this class's fixed SQL fragments are composed here; every value a caller sent is a parameter.
        var sql = $"""SELECT c.id AS "Id", c.rank AS "Rank" FROM ({candidatesSql}) AS c {keyset} ORDER BY c.rank DESC, c.id DESC LIMIT @page_size""";
        var page = await db.Database.SqlQueryRaw<Hit>(sql, parameters.Cast<object>().ToArray()).ToListAsync(ct);
        var more = page.Count > limit;
        if (more) page.RemoveAt(page.Count - 1);
        return new Page(page.Select(h => h.Id).ToList(), more ? PageCursor.Encode(page[^1].Rank, page[^1].Id) : null);
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

    private static bool LegacyCursor(string cursor, out (double Rank, Guid Id) after)
    {
        after = default;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|');
            after = (BitConverter.Int64BitsToDouble(long.Parse(parts[0], CultureInfo.InvariantCulture)), Guid.Parse(parts[1]));
            return true;
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
