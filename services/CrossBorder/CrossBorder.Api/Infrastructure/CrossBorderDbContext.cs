using CrossBorder.Api.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;

namespace CrossBorder.Api.Infrastructure;

public sealed class CrossBorderDbContext(DbContextOptions<CrossBorderDbContext> options) : DbContext(options)
{
    /// <summary>The login role the running service acts as (migration RuntimeRole): it owns nothing and cannot change the schema.</summary>
    public const string AppRole = "cross_border_app";

    public DbSet<Exchange> Exchanges => Set<Exchange>();
    public DbSet<Linkage> Linkages => Set<Linkage>();
    public DbSet<ListingCopy> Listings => Set<ListingCopy>();
    public DbSet<ExchangeListing> ExchangeListings => Set<ExchangeListing>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<LatestValuation> Valuations => Set<LatestValuation>();
    public DbSet<FxRate> FxRates => Set<FxRate>();
    public DbSet<CalendarDay> Calendar => Set<CalendarDay>();
    public DbSet<CatalogueItem> Catalogue => Set<CatalogueItem>();
    public DbSet<Objection> Objections => Set<Objection>();
    public DbSet<UniversityNoticePolicy> NoticePolicies => Set<UniversityNoticePolicy>();
    public DbSet<FeedEvent> FeedEvents => Set<FeedEvent>();
    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreInstantsAsUtc();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Exchange>(e =>
        {
            e.ToTable("exchanges");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(16);
            e.Ignore(x => x.IsDomestic);
            e.HasData(ReferenceData.Exchanges);
        });
        model.Entity<Linkage>(e =>
        {
            e.ToTable("linkages");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.HasIndex(x => new { x.From, x.To, x.Kind }).IsUnique();
            e.HasData(ReferenceData.Linkages);
        });
        model.Entity<ListingCopy>(e =>
        {
            e.ToTable("listings");
            e.HasKey(x => x.ListingId);
            e.Property(x => x.Snapshot).HasJsonConversion();
            e.Ignore(x => x.UniversityId);
            e.Ignore(x => x.IsPublished);
            e.Ignore(x => x.HasPatentAssets);
        });
        model.Entity<ExchangeListing>(e =>
        {
            e.ToTable("exchange_listings");
            e.HasKey(x => new { x.ListingId, x.Exchange });
        });
        model.Entity<Deal>(e =>
        {
            e.ToTable("deals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Mode).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.PricingMethod).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.PriceAmount).HasPrecision(20, 4);
            e.Property(x => x.Registrations).HasJsonConversion();
            e.Property(x => x.Flags).HasJsonConversion();
            e.Property(x => x.Listing).HasJsonConversion();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Price);
            e.HasIndex(x => new { x.ListingId, x.Status });
            // services/CrossBorder/README.md §2: at most one concluded transfer or exclusive licence per listing, enforced by the database.
            e.HasIndex(x => x.ListingId).IsUnique()
                .HasFilter("status = 'Concluded' AND mode IN ('Transfer', 'ExclusiveLicence')")
                .HasDatabaseName("ux_deals_one_exclusive_concluded");
        });
        model.Entity<LatestValuation>(e =>
        {
            e.ToTable("latest_valuations");
            e.HasKey(x => x.ListingId);
            e.Property(x => x.P10Amount).HasPrecision(20, 4);
            e.Ignore(x => x.P10);
        });
        model.Entity<CalendarDay>(e =>
        {
            e.ToTable("calendar_days");
            e.HasKey(x => x.Date);
            e.HasData(ReferenceData.Holidays);
        });
        model.Entity<CatalogueItem>(e =>
        {
            e.ToTable("export_catalogue");
            e.HasKey(x => x.Item);
        });
        model.Entity<Objection>(e =>
        {
            e.ToTable("objections");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DealId);
            e.Ignore(x => x.IsOpen);
        });
        model.Entity<UniversityNoticePolicy>(e =>
        {
            e.ToTable("university_notice_policies");
            e.HasKey(x => new { x.UniversityId, x.Version });
        });
        model.Entity<FeedEvent>(e =>
        {
            e.ToTable("feed_events");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(x => x.Id).IsUnique();
            e.Property(x => x.Data).HasColumnType("jsonb");
            e.HasIndex(x => x.VisibleTo).HasMethod("gin");
            e.HasIndex(x => x.RecordedAt);
        });
        model.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Exchange);
        });
        model.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SubscriptionId, x.Id });
            e.HasIndex(x => x.EventId);
            // The dispatcher's claim: due pending deliveries in order.
            e.HasIndex(x => x.NextAttemptAt).HasFilter("status = 'pending'");
        });
        model.Entity<WebhookAttempt>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DeliveryId, x.Number });
        });
        model.AddFxRates();
        model.AddOutboxAndInbox();
        model.AddIdempotencyKeys();
        model.AddTenantRegistry();
    }
}

public sealed class CrossBorderDbContextFactory : IDesignTimeDbContextFactory<CrossBorderDbContext>
{
    public CrossBorderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CrossBorderDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=cross_border_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
