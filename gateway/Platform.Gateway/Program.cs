using Platform.BuildingBlocks.Hosting;
using Platform.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGatewayServices();

var app = builder.Build();
app.UseGateway();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapReverseProxy(proxy => proxy.UseUnavailableServiceAnswers());
app.Run();
