using System.Text;
using Platform.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// SIGTERM mid-request (README, Reliability): the service stops taking new connections but finishes the request in
/// flight, answers it, and exits cleanly; what it recorded is there.
/// </summary>
public class GracefulShutdownTests
{
    private const int Port = 9191;

    [Fact]
    public async Task A_request_in_flight_when_SIGTERM_arrives_gets_its_answer()
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Database"] = await TestInfrastructure.NewDatabaseAsync("shutdown"),
            ["ConnectionStrings__RabbitMq"] = (await TestInfrastructure.NewVhostAsync("shutdown")).ToString(),
            ["PLATFORM_JWT_KEY"] = TestTokens.Key,
        };
        var dll = RepoPaths.Built("services/Listing/Listing.Api", "Listing.Api");
        await ServiceProcess.MigrateAsync("listing", dll, environment);
        await using var listing = ServiceProcess.Start("listing", dll, Port, environment);
        await listing.WaitReadyAsync(TimeSpan.FromSeconds(90));

        // The handler is mid-way when SIGTERM arrives: its INSERT waits on a table lock the test holds.
        await using var owner = await TestInfrastructure.OpenAsync(environment["ConnectionStrings__Database"]);
        await using var hold = await owner.BeginTransactionAsync();
        await new Npgsql.NpgsqlCommand("LOCK TABLE inventions IN EXCLUSIVE MODE", owner, hold).ExecuteNonQueryAsync();
        using var http = new HttpClient(Platform.Testing.Contract.ContractConformanceHandler.OverNetwork())
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For("university", "fudan"));
        var request = http.PostAsync("api/inventions", new StringContent("""
            {"title": "Finished after SIGTERM", "abstract": "a", "field": "ai", "trl": 3,
             "contributors": [{"personId": "p-1", "name": "Li", "share": "1", "mainContributor": true}],
             "ipAssets": [], "rights": {"model": "unit_owned"}, "exportControl": {"class": "free"}}
            """, Encoding.UTF8, "application/json"));
        await Eventually.TrueAsync(async () =>
        {
            await using var probe = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_locks WHERE relation = 'inventions'::regclass AND NOT granted", owner, hold);
            return (long)(await probe.ExecuteScalarAsync())! > 0;
        }, what: "the request waiting on the lock");

        await listing.TerminateAsync();
        await Task.Delay(1500); // the host is stopping, the request still in its handler
        Assert.False(listing.HasExited, "the service must wait for the request in flight:\n" + listing.Output);
        await hold.CommitAsync();

        var response = await request;
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await listing.WaitForExitAsync(exit.Token);
        Assert.Equal(0, listing.ExitCode);
    }
}
