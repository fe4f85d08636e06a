using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.OpenApi;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Tenants;
using Valuation.Api;
using Valuation.Api.Apis;
using Valuation.Api.Infrastructure;

// The container health check (chiseled images have no curl): ask the running process and exit.
if (await HealthProbe.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("valuation");
builder.AddPlatformOpenApi(Valuation.Api.OpenApi.ApiDocument.Value);
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.UseRegisteredTenants<ValuationDbContext>();
app.UseIdempotency<ValuationDbContext>();
app.MapValuationsApi();
app.MapDefaultEndpoints();
await app.RunOrMigrateAsync<ValuationDbContext>(args);
