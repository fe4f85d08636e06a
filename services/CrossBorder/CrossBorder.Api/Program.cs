using CrossBorder.Api;
using CrossBorder.Api.Apis;
using CrossBorder.Api.Infrastructure;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.OpenApi;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;

// The container health check (chiseled images have no curl): ask the running process and exit.
if (await HealthProbe.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("cross-border");
builder.AddPlatformOpenApi(CrossBorder.Api.OpenApi.ApiDocument.Value);
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRegisteredTenants<CrossBorderDbContext>();
app.UseIdempotency<CrossBorderDbContext>();
app.MapExchangesApi();
app.MapDealsApi();
app.MapFxRatesApi();
app.MapSubscriptionsApi();
app.MapEventsApi();
app.MapNoticeApi();
app.MapDefaultEndpoints();
await app.RunOrMigrateAsync<CrossBorderDbContext>(args);
