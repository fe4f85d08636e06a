using Platform.BuildingBlocks.Hosting;
using Platform.Gateway;

// The container health check (chiseled images have no curl): ask the running process and exit.
if (await HealthProbe.TryRunAsync(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewayServices();

var app = builder.Build();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapReverseProxy(proxy => proxy.UseUnavailableServiceAnswers());
app.Run();
