using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>A row a service keeps of another service's snapshot: its own record, carrying the snapshot's version.</summary>
public interface IVersionedCopy
{
    long Version { get; }
}

/// <summary>
/// The one upsert-by-version of copies: events may arrive out of order or twice, so a copy is created when unseen,
/// replaced by a newer version, and left alone by an older or equal one.
/// </summary>
public static class VersionedCopies
{
    /// <summary>
    /// The copy as it is now (tracked, saved by the caller), and whether this snapshot changed it. The kept row is read
    /// FOR UPDATE: two replicas handling versions 3 and 4 at once take turns, so 3 can never overwrite 4 (two first
    /// copies at once: one insert fails on the key and its message is retried, then finds the other's row).
    /// </summary>
    public static async Task<(TCopy Copy, bool Changed)> UpsertAsync<TCopy>(DbContext db, TCopy incoming, CancellationToken ct)
        where TCopy : class, IVersionedCopy
    {
        var key = db.Model.FindEntityType(typeof(TCopy))!.FindPrimaryKey()!.Properties.Single();
        var kept = await FindForUpdateAsync<TCopy>(db, key.PropertyInfo!.GetValue(incoming)!, ct);
        if (kept is null)
        {
            db.Set<TCopy>().Add(incoming);
            return (incoming, true);
        }
        if (incoming.Version <= kept.Version) return (kept, false);
        db.Entry(kept).CurrentValues.SetValues(incoming);
        return (kept, true);
    }

    /// <summary>
    /// The row with this (single-column) key, tracked and locked FOR UPDATE until the caller's transaction ends: a
    /// read-compare-write by version that two consumers may run at once takes turns on it.
    /// </summary>
    public static async Task<TRow?> FindForUpdateAsync<TRow>(DbContext db, object key, CancellationToken ct) where TRow : class
    {
        var entity = db.Model.FindEntityType(typeof(TRow))!;
        var column = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()));
        var table = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{entity.GetTableName()}\"" : $"\"{entity.GetTableName()}\"";
        // Only names from the model are composed; the key's value is a parameter.
        var sql = $"SELECT * FROM {table} WHERE \"{column}\" = {{0}} FOR UPDATE";
        return (await db.Set<TRow>().FromSqlRaw(sql, key).ToListAsync(ct)).SingleOrDefault();
    }
}
