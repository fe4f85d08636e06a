using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>Writes a registration into this service's copy and, for the owning service, the outbox.</summary>
public static class TenantRegistration
{
    /// <summary>
    /// Inserts or renames the tenant; a registration older than the one held changes nothing (events may arrive out
    /// of order). Returns true when the row is new.
    /// </summary>
    public static async Task<bool> UpsertAsync(DbContext db, TenantRegistered registration, CancellationToken ct)
    {
        var (role, org, name, at) = registration;
        var inserted = await db.Database.SqlQuery<bool>($"""
            INSERT INTO registered_tenants (role, org, name, registered_at) VALUES ({role}, {org}, {name}, {at})
            ON CONFLICT (role, org) DO UPDATE SET name = excluded.name, registered_at = excluded.registered_at
              WHERE registered_tenants.registered_at <= excluded.registered_at
            RETURNING (xmax = 0) AS "Value"
            """).ToListAsync(ct);
        return inserted is [true];
    }

    /// <summary>Registers in this service and publishes the registration for the others, in one transaction.</summary>
    public static async Task<bool> RegisterAndPublishAsync(DbContext db, TenantRegistered registration, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        var inserted = await UpsertAsync(db, registration, ct);
        db.AddEvent(registration, clock);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return inserted;
    }
}
