using Microsoft.EntityFrameworkCore;

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
    /// <summary>The copy as it is now (tracked, saved by the caller), and whether this snapshot changed it.</summary>
    public static async Task<(TCopy Copy, bool Changed)> UpsertAsync<TCopy>(DbContext db, TCopy incoming, CancellationToken ct)
        where TCopy : class, IVersionedCopy
    {
        var key = db.Model.FindEntityType(typeof(TCopy))!.FindPrimaryKey()!.Properties
            .Select(p => p.PropertyInfo!.GetValue(incoming)).ToArray();
        var kept = await db.Set<TCopy>().FindAsync(key, ct);
        if (kept is null)
        {
            db.Set<TCopy>().Add(incoming);
            return (incoming, true);
        }
        if (incoming.Version <= kept.Version) return (kept, false);
        db.Entry(kept).CurrentValues.SetValues(incoming);
        return (kept, true);
    }
}
