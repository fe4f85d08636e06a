using CrossBorder.Api.Infrastructure;
using CrossBorder.Api.Messaging;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The running service logs in as its own role, not as the schema's owner (migration RuntimeRole grants it).
        builder.Configuration["Database:AppRole"] ??= CrossBorderDbContext.AppRole;
        builder.AddPlatformDbContext<CrossBorderDbContext>(loginRole: CrossBorderDbContext.AppRole);
        builder.AddReadinessChecks();
        builder.AddPlatformMessaging<CrossBorderDbContext>("cross-border", x =>
        {
            x.AddConsumer<ListingPublishedConsumer>();
            x.AddConsumer<ListingUpdatedConsumer>();
            x.AddConsumer<ListingWithdrawnConsumer>();
            x.AddConsumer<ValuationCompletedConsumer>();
            x.AddConsumer<PolicyUpdatedConsumer>();
            x.AddConsumer<ReceiptRecordedFeedConsumer>();
            x.AddConsumer<RewardsDistributedFeedConsumer>();
            x.AddConsumer<LedgerHeadSignedFeedConsumer>();
            x.AddConsumer<PayoutPaidFeedConsumer>();
        });
        builder.Services.AddHostedService<NoticeConclusionJob>();
        builder.Services.AddHostedService<RegistrationCheckJob>();
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => CrossBorder.Api.OpenApi.EventTypeEnums.AddEventTypeEnums(o));
        builder.Services.AddWebhookHttpClient();
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddHostedService<FeedRetentionJob>();
        return builder;
    }
}
