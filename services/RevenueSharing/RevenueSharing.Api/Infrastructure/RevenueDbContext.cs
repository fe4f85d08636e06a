using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

public sealed class RevenueDbContext(DbContextOptions<RevenueDbContext> options) : DbContext(options)
{
    /// <summary>The database role the running service acts as: no UPDATE, DELETE or TRUNCATE on ledger_entries.</summary>
    public const string AppRole = "revenue_sharing_app";

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();
    public DbSet<UniversityJurisdiction> UniversityJurisdictions => Set<UniversityJurisdiction>();
    public DbSet<Policy> Policies => Set<Policy>();
    public DbSet<DealAccount> Accounts => Set<DealAccount>();
    public DbSet<Receipt> Receipts => Set<Receipt>();
    public DbSet<Cost> Costs => Set<Cost>();
    public DbSet<Distribution> Distributions => Set<Distribution>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<PublicityRecord> PublicityRecords => Set<PublicityRecord>();
    public DbSet<EquitySale> EquitySales => Set<EquitySale>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<LedgerHead> LedgerHead => Set<LedgerHead>();
    public DbSet<LedgerTreeNode> LedgerTreeNodes => Set<LedgerTreeNode>();
    public DbSet<SignedHead> SignedHeads => Set<SignedHead>();
    public DbSet<FxRate> FxRates => Set<FxRate>();
    public DbSet<EquityGrant> EquityGrants => Set<EquityGrant>();
    public DbSet<ProfitReport> ProfitReports => Set<ProfitReport>();
    public DbSet<ListingCopy> Listings => Set<ListingCopy>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) => configuration.StoreInstantsAsUtc();

    protected override void OnModelCreating(ModelBuilder model)
    {
        const int money = 20, scale = 4; // amounts are validated to the currency's digits before they get here
        model.Entity<Jurisdiction>(e =>
        {
            e.ToTable("jurisdictions");
            e.HasKey(x => x.Code);
            e.Property(x => x.Floor).HasPrecision(5, 4);
            // services/RevenueSharing/README.md §4: CN-SH 0.70 (Shanghai Art. 34), CN 0.50 (national floor, Art. 45).
            e.HasData(new Jurisdiction { Code = "CN-SH", Floor = 0.70m }, new Jurisdiction { Code = "CN", Floor = 0.50m });
        });
        model.Entity<UniversityJurisdiction>(e =>
        {
            e.ToTable("university_jurisdictions");
            e.HasKey(x => x.UniversityId);
        });
        model.Entity<Policy>(e =>
        {
            e.ToTable("policies");
            e.HasKey(x => new { x.UniversityId, x.Version });
            e.Property(x => x.RewardShare).HasPrecision(5, 4);
            e.Property(x => x.SelfImplementationShare).HasPrecision(5, 4);
            e.Property(x => x.Remainder).HasJsonConversion();
        });
        model.Entity<DealAccount>(e =>
        {
            e.ToTable("deal_accounts");
            e.HasKey(x => x.DealId);
            e.Property(x => x.Rights).HasJsonConversion();
            e.Property(x => x.IpAssets).HasJsonConversion();
            e.Property(x => x.Contributors).HasJsonConversion();
            e.Property(x => x.Registrations).HasJsonConversion();
            e.Property(x => x.Flags).HasJsonConversion();
            e.Property(x => x.Remainder).HasJsonConversion();
            e.Property(x => x.RewardShare).HasPrecision(5, 4);
            e.Property(x => x.Floor).HasPrecision(5, 4);
            e.Ignore(x => x.NeedsExportRegistration);
            e.Ignore(x => x.IsCashDeal);
            e.HasIndex(x => x.UniversityId);
            // One self-implementation per listing, also under concurrent registrations.
            e.HasIndex(x => x.ListingId).IsUnique().HasFilter("mode = 'self_implementation'").HasDatabaseName("ux_deal_accounts_one_self_implementation");
        });
        model.Entity<Receipt>(e =>
        {
            e.ToTable("receipts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Amount).HasPrecision(money, scale);
            e.Property(x => x.WithholdingTax).HasPrecision(money, scale);
            e.Property(x => x.FxRate).HasPrecision(18, 8);
            e.Property(x => x.AmountCny).HasPrecision(money, 2);
            e.Property(x => x.WithholdingCny).HasPrecision(money, 2);
            e.Property(x => x.CoOwnerCny).HasPrecision(money, 2);
            e.Ignore(x => x.GrossCny);
            // services/RevenueSharing/README.md: a bank reference is unique per deal; a second receipt with it is 409.
            e.HasIndex(x => new { x.DealId, x.Reference }).IsUnique().HasDatabaseName("ux_receipts_deal_reference");
            e.Property(x => x.ReversalReason).HasMaxLength(500);
            // A record is reversed once: a second reversal is 409.
            e.HasIndex(x => x.ReversesId).IsUnique().HasDatabaseName("ux_receipts_reverses");
        });
        model.Entity<Cost>(e =>
        {
            e.ToTable("costs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Amount).HasPrecision(money, scale);
            e.Property(x => x.FxRate).HasPrecision(18, 8);
            e.Property(x => x.AmountCny).HasPrecision(money, 2);
            e.HasIndex(x => x.DealId);
            e.Property(x => x.ReversalReason).HasMaxLength(500);
            e.HasIndex(x => x.ReversesId).IsUnique().HasDatabaseName("ux_costs_reverses");
        });
        model.Entity<Distribution>(e =>
        {
            e.ToTable("distributions");
            e.HasKey(x => x.Id);
            e.Property(x => x.RewardShare).HasPrecision(5, 4);
            e.Property(x => x.NetIncome).HasPrecision(money, 2);
            e.Property(x => x.Target).HasPrecision(money, 2);
            e.Property(x => x.Pool).HasPrecision(money, 2);
            e.HasIndex(x => x.DealId);
        });
        model.Entity<Payout>(e =>
        {
            e.ToTable("payouts");
            e.HasKey(x => x.Id);
            // Stored as the API says it ("due", "paid"), as before the enumeration: no data changes.
            e.Property(x => x.Status).HasConversion(v => v.ToWire(), v => WireEnum.Parse<PayoutStatus>(v));
            e.Property(x => x.Share).HasPrecision(9, 8);
            e.Property(x => x.Amount).HasPrecision(money, 2);
            e.Property(x => x.TaxableBase).HasPrecision(money, 2);
            e.HasIndex(x => new { x.DealId, x.PersonId });
        });
        model.Entity<PublicityRecord>(e =>
        {
            e.ToTable("publicity_records");
            e.HasKey(x => x.Id);
            e.Property(x => x.Persons).HasJsonConversion();
            e.HasIndex(x => x.DealId);
        });
        model.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger_entries");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.Property(x => x.Amount).HasPrecision(money, 2);
            e.Property(x => x.Hash).HasMaxLength(64).IsFixedLength();
            e.Property(x => x.PrevHash).HasMaxLength(64).IsFixedLength();
            e.HasIndex(x => new { x.DealId, x.Sequence });
        });
        model.Entity<EquityGrant>(e =>
        {
            e.ToTable("equity_grants");
            e.HasKey(x => x.Id);
            e.Property(x => x.Share).HasPrecision(9, 8);
            e.HasIndex(x => new { x.DealId, x.PersonId }).IsUnique();
        });
        model.Entity<EquitySale>(e =>
        {
            e.ToTable("equity_sales");
            e.HasKey(x => x.Id);
            e.Property(x => x.Proceeds).HasPrecision(money, 2);
            e.Property(x => x.TaxDue).HasPrecision(money, 2);
            e.HasIndex(x => x.GrantId);
        });
        model.Entity<ProfitReport>(e =>
        {
            e.ToTable("profit_reports");
            e.HasKey(x => x.Id);
            e.Property(x => x.OperatingProfit).HasPrecision(money, 2);
            e.Property(x => x.Reward).HasPrecision(money, 2);
            // A year is reported once: a concurrent second report of it fails here.
            e.HasIndex(x => new { x.SelfImplementationId, x.Year }).IsUnique().HasDatabaseName("ux_profit_reports_year");
        });
        model.Entity<ListingCopy>(e =>
        {
            e.ToTable("listings");
            e.HasKey(x => x.ListingId);
            e.Property(x => x.Snapshot).HasJsonConversion();
        });
        model.Entity<LedgerHead>(e =>
        {
            e.ToTable("ledger_head");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Hash).HasMaxLength(64).IsFixedLength();
            e.HasData(new LedgerHead { Id = 1, Sequence = 0, Hash = LedgerHashing.Genesis });
        });
        model.Entity<LedgerTreeNode>(e =>
        {
            e.ToTable("ledger_tree_nodes");
            e.HasKey(x => new { x.Level, x.Index });
        });
        model.Entity<SignedHead>(e =>
        {
            e.ToTable("ledger_signed_heads");
            e.HasKey(x => x.TreeSize);
            e.Property(x => x.TreeSize).ValueGeneratedNever();
        });
        model.AddFxRates();
        model.AddOutboxAndInbox();
        model.AddIdempotencyKeys();
        model.AddTenantRegistry();
    }
}

public sealed class RevenueDbContextFactory : IDesignTimeDbContextFactory<RevenueDbContext>
{
    public RevenueDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RevenueDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=revenue_sharing_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
