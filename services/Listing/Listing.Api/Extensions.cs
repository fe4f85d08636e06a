using Listing.Api.Infrastructure;
using Listing.Api.Messaging;
using Listing.Api.OpenApi;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Persistence;

namespace Listing.Api;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddRequestExamples());
        // The running service logs in as its own role, not as the schema's owner (migration RuntimeRole grants it).
        builder.Configuration["Database:AppRole"] ??= ListingDbContext.AppRole;
        builder.AddPlatformDbContext<ListingDbContext>(loginRole: ListingDbContext.AppRole);
        builder.AddReadinessChecks();
        builder.AddPlatformMessaging<ListingDbContext>("listing", x =>
        {
            x.AddConsumer<ExchangeListingsUpdatedConsumer>();
            x.AddConsumer<ValuationCompletedConsumer>();
            x.AddConsumer<DealConcludedConsumer>();
        });
        return builder;
    }
}
