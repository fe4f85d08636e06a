using Listing.Api;
using Listing.Api.Apis;
using Listing.Api.Infrastructure;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.OpenApi;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;

// The container health check (chiseled images have no curl): ask the running process and exit.
if (await HealthProbe.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("listing");
builder.AddPlatformOpenApi(Listing.Api.OpenApi.ApiDocument.Value);
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRegisteredTenants<ListingDbContext>();
app.UseIdempotency<ListingDbContext>();
app.MapInventionsApi();
app.MapListingsApi();
app.MapDefaultEndpoints();
await app.RunOrMigrateAsync<ListingDbContext>(args);
