using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Apis;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Api.Messaging;

namespace RevenueSharing.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // services/RevenueSharing/README.md §7: the service logs in as its own role, which owns nothing and may only INSERT
        // and SELECT ledger, receipt and cost rows (migrations AppRole and AppLoginRole grant it).
        builder.Configuration["Database:AppRole"] ??= RevenueDbContext.AppRole;
        builder.AddPlatformDbContext<RevenueDbContext>(loginRole: RevenueDbContext.AppRole);
        builder.AddReadinessChecks();
        builder.AddPlatformMessaging<RevenueDbContext>("revenue-sharing", x =>
        {
            x.AddConsumer<DealConcludedConsumer>();
            x.AddConsumer<DealRegisteredConsumer>();
            x.AddConsumer<DealFlaggedConsumer>();
            x.AddConsumer<FxRateRecordedConsumer>();
            x.AddConsumer<ListingPublishedConsumer>();
            x.AddConsumer<ListingUpdatedConsumer>();
            x.AddConsumer<ListingWithdrawnConsumer>();
        });
        builder.Services.AddScoped<Ledger>();
        builder.Services.Configure<LedgerLogOptions>(builder.Configuration.GetSection("Ledger:Log"));
        // Resolved when the log job starts: a service without a key (outside Development) refuses to start; --migrate needs none.
        builder.Services.AddSingleton(sp => LedgerKey.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        builder.Services.AddHostedService<LedgerLogJob>();
        builder.Services.AddSingleton<LedgerLogStatus>();
        builder.Services.AddHealthChecks().AddCheck<LedgerLogHealthCheck>("ledger-log",
            failureStatus: Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, tags: [Platform.BuildingBlocks.Hosting.ServiceDefaults.ReadyTag]);
        builder.Services.AddScoped<ReceiptRecorder>();
        return builder;
    }

    /// <summary>Every endpoint group of the service.</summary>
    public static WebApplication MapRevenueSharingApi(this WebApplication app)
    {
        app.MapIncomeApi();
        app.MapAccountsApi();
        app.MapPayoutsApi();
        app.MapPoliciesApi();
        app.MapAuditApi();
        app.MapLedgerLogApi();
        app.MapLedgerExportApi();
        app.MapComplianceApi();
        app.MapSelfImplementationsApi();
        app.MapEquitySalesApi();
        app.MapUniversitiesApi();
        return app;
    }
}
