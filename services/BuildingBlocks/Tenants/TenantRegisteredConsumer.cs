using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// Keeps this service's copy of the registered tenants. The upsert is idempotent and ignores older registrations, so
/// a redelivered or reordered event changes nothing: no inbox row is needed.
/// </summary>
public sealed class TenantRegisteredConsumer<TDbContext>(TDbContext db, TenantDirectory directory) : IConsumer<TenantRegistered>
    where TDbContext : DbContext
{
    public async Task Consume(ConsumeContext<TenantRegistered> context)
    {
        await TenantRegistration.UpsertAsync(db, context.Message, context.CancellationToken);
        directory.Forget(context.Message.Role, context.Message.Org);
    }
}
