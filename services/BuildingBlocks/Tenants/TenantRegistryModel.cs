using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Tenants;

/// <summary>Maps the registered tenants into a service's DbContext, seeded with <see cref="TenantSeed"/>.</summary>
public static class TenantRegistryModel
{
    public static ModelBuilder AddTenantRegistry(this ModelBuilder model)
    {
        model.Entity<RegisteredTenant>(e =>
        {
            e.ToTable("registered_tenants");
            e.HasKey(t => new { t.Role, t.Org });
            e.Property(t => t.Role).HasMaxLength(16);
            e.Property(t => t.Org).HasMaxLength(64);
            e.Property(t => t.Name).HasMaxLength(300);
            e.HasData(TenantSeed.All);
        });
        return model;
    }
}
