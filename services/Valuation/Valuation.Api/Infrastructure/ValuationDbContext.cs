using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;
using Valuation.Api.Domain;

namespace Valuation.Api.Infrastructure;

public sealed class ValuationDbContext(DbContextOptions<ValuationDbContext> options) : DbContext(options)
{
    /// <summary>The login role the running service acts as (migration RuntimeRole): it owns nothing and cannot change the schema.</summary>
    public const string AppRole = "valuation_app";

    public DbSet<ValuedListing> Listings => Set<ValuedListing>();
    public DbSet<ValuationRecord> Valuations => Set<ValuationRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreInstantsAsUtc();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ValuedListing>(e =>
        {
            e.ToTable("listings");
            e.HasKey(x => x.ListingId);
            e.Property(x => x.Snapshot).HasJsonConversion();
        });
        model.Entity<ValuationRecord>(e =>
        {
            e.ToTable("valuations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Value).HasPrecision(20, 2);
            e.Property(x => x.P10).HasPrecision(20, 2);
            e.Property(x => x.P50).HasPrecision(20, 2);
            e.Property(x => x.P90).HasPrecision(20, 2);
            e.Property(x => x.Inputs).HasColumnType("jsonb");
            e.Property(x => x.Assumptions).HasColumnType("jsonb");
            e.HasIndex(x => new { x.ListingId, x.CreatedAt });
        });
        model.AddOutboxAndInbox();
        model.AddIdempotencyKeys();
        model.AddTenantRegistry();
    }
}

public sealed class ValuationDbContextFactory : IDesignTimeDbContextFactory<ValuationDbContext>
{
    public ValuationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ValuationDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=valuation_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
