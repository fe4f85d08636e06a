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
        // The running service logs in as its own role, not as the schema's owner (migration RuntimeRole grants it).
        builder.Configuration["Database:AppRole"] ??= ValuationDbContext.AppRole;
        builder.AddPlatformDbContext<ValuationDbContext>(loginRole: ValuationDbContext.AppRole);
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
