using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Hosting;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// A list's order for keyset paging: one unique key, or a key then a unique tie-breaker, both ascending or both
/// descending. Declared once per list (static readonly), so its key reader is compiled once. A row is never given twice;
/// one inserted between pages shows on a later page when its key sorts after the cursor (ids are UUIDv7, in creation order).
/// </summary>
public sealed class Keyset<T, TKey>
{
    private readonly Func<IQueryable<T>, IOrderedQueryable<T>> _order;
    private readonly Func<TKey, Expression<Func<T, bool>>> _after;
    private readonly Func<T, string> _cursor;

    internal Keyset(Func<IQueryable<T>, IOrderedQueryable<T>> order, Func<TKey, Expression<Func<T, bool>>> after, Func<T, string> cursor) =>
        (_order, _after, _cursor) = (order, after, cursor);

    /// <summary>The rows past the cursor in this order, at most <c>request.Size</c>, and the next page's cursor (null at the end).</summary>
    public async Task<Page<T>> PageAsync(IQueryable<T> query, PageRequest<TKey> request, CancellationToken ct)
    {
        if (request.HasAfter) query = query.Where(_after(request.After));
        var rows = await _order(query).Take(request.Size + 1).ToListAsync(ct);
        var more = rows.Count > request.Size;
        if (more) rows.RemoveAt(request.Size);
        return new Page<T>(rows, more ? _cursor(rows[^1]) : null);
    }
}

public static class Keyset
{
    /// <summary>Ordered by one unique key. <paramref name="format"/> replaces the opaque cursor where a list keeps a public one.</summary>
    public static Keyset<T, TK> By<T, TK>(Expression<Func<T, TK>> key, bool descending = false, Func<TK, string>? format = null)
    {
        var read = key.Compile();
        var encode = format ?? (k => PageCursor.Encode(k));
        var past = descending ? ExpressionType.LessThan : ExpressionType.GreaterThan;
        return new(
            q => descending ? q.OrderByDescending(key) : q.OrderBy(key),
            after => Expression.Lambda<Func<T, bool>>(Compare(key.Body, after, past), key.Parameters),
            row => encode(read(row)));
    }

    /// <summary>Ordered by a key, then a unique tie-breaker (e.g. created_at, id), both the same way.</summary>
    public static Keyset<T, (TK1, TK2)> By<T, TK1, TK2>(Expression<Func<T, TK1>> key1, Expression<Func<T, TK2>> key2, bool descending = false)
    {
        var (read1, read2) = (key1.Compile(), key2.Compile());
        var row = key1.Parameters[0];
        var body2 = new Rebind(key2.Parameters[0], row).Visit(key2.Body);
        var past = descending ? ExpressionType.LessThan : ExpressionType.GreaterThan;
        return new(
            q => descending ? q.OrderByDescending(key1).ThenByDescending(key2) : q.OrderBy(key1).ThenBy(key2),
            // k1 past v1, or k1 = v1 and k2 past v2 (mirrored when descending).
            after => Expression.Lambda<Func<T, bool>>(Expression.OrElse(
                Compare(key1.Body, after.Item1, past),
                Expression.AndAlso(Compare(key1.Body, after.Item1, ExpressionType.Equal), Compare(body2, after.Item2, past))), row),
            r => PageCursor.Encode(read1(r), read2(r)));
    }

    public static Task<Page<T>> KeysetPageAsync<T, TKey>(this IQueryable<T> query, Keyset<T, TKey> order, PageRequest<TKey> request,
        CancellationToken ct) => order.PageAsync(query, request, ct);

    /// <summary>
    /// <c>key op @value</c>; for a type without comparison operators <c>key.CompareTo(@value) op 0</c>, which EF Core
    /// translates to the same. The value sits in a box, so it becomes a SQL parameter, not a literal (one cached plan).
    /// </summary>
    private static BinaryExpression Compare<TK>(Expression key, TK value, ExpressionType op)
    {
        Expression parameter = Expression.Field(Expression.Constant(new StrongBox<TK>(value)), nameof(StrongBox<TK>.Value));
        if (op == ExpressionType.Equal || typeof(TK).IsPrimitive || typeof(TK).GetMethod("op_GreaterThan", [typeof(TK), typeof(TK)]) is not null)
            return Expression.MakeBinary(op, key, parameter);
        var compareTo = typeof(TK).GetMethod(nameof(IComparable<TK>.CompareTo), [typeof(TK)])
            ?? throw new InvalidOperationException($"{typeof(TK)} cannot be a keyset key: it is not comparable.");
        return Expression.MakeBinary(op, Expression.Call(key, compareTo, parameter), Expression.Constant(0));
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
