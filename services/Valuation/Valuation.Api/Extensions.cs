using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;
using Valuation.Api.Infrastructure;
using Valuation.Api.Messaging;

namespace Valuation.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformDbContext<ValuationDbContext>();
        builder.AddReadinessChecks();
        builder.AddPlatformMessaging<ValuationDbContext>("valuation", x =>
        {
            x.AddConsumer<ListingDraftedConsumer>();
            x.AddConsumer<ListingPublishedConsumer>();
            x.AddConsumer<ListingUpdatedConsumer>();
            x.AddConsumer<ListingWithdrawnConsumer>();
        });
        return builder;
    }
}
