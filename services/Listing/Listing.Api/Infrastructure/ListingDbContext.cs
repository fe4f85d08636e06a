using Listing.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;

namespace Listing.Api.Infrastructure;

public sealed class ListingDbContext(DbContextOptions<ListingDbContext> options) : DbContext(options)
{
    /// <summary>The login role the running service acts as (migration RuntimeRole): it owns nothing and cannot change the schema.</summary>
    public const string AppRole = "listing_app";

    public DbSet<Invention> Inventions => Set<Invention>();
    public DbSet<ListingOffer> Listings => Set<ListingOffer>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreInstantsAsUtc();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Invention>(e =>
        {
            e.ToTable("inventions");
            e.HasKey(i => i.Id);
            e.Property(i => i.UniversityId).HasMaxLength(64);
            e.Property(i => i.Content).HasJsonConversion();
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => i.UniversityId);
        });
        model.Entity<ListingOffer>(e =>
        {
            e.ToTable("listings");
            e.HasKey(l => l.Id);
            e.Property(l => l.UniversityId).HasMaxLength(64);
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(l => l.Modes).HasJsonConversion();
            e.Property(l => l.Pricing).HasJsonConversion();
            e.Property(l => l.Exchanges).HasJsonConversion();
            e.Property(l => l.Valuation).HasJsonConversion();
            e.Property(l => l.ExchangeListings).HasJsonConversion();
            e.Property(l => l.Version).IsConcurrencyToken();
            e.HasIndex(l => l.InventionId);
            e.HasIndex(l => new { l.UniversityId, l.Status });
        });
        model.AddOutboxAndInbox();
        model.AddIdempotencyKeys();
        model.AddTenantRegistry();
    }
}

/// <summary>For `dotnet ef migrations add`: no host, no broker, just the model.</summary>
public sealed class ListingDbContextFactory : IDesignTimeDbContextFactory<ListingDbContext>
{
    public ListingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ListingDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=listing_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
