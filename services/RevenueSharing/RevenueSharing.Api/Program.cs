using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.OpenApi;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;
using RevenueSharing.Api;
using RevenueSharing.Api.Infrastructure;

// The container health check (chiseled images have no curl): ask the running process and exit.
if (await HealthProbe.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("revenue-sharing");
builder.AddPlatformOpenApi(RevenueSharing.Api.OpenApi.ApiDocument.Value);
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRegisteredTenants<RevenueDbContext>();
app.UseIdempotency<RevenueDbContext>();
app.MapRevenueSharingApi();
app.MapDefaultEndpoints();
await app.RunOrMigrateAsync<RevenueDbContext>(args);
