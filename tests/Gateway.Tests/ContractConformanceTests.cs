using System.Net;
using System.Text;
using Platform.Testing.Contract;

namespace Gateway.Tests;

/// <summary>The contract check every test client carries finds what it is there to find (answers made up here, no service).</summary>
public class ContractConformanceTests
{
    private sealed class Answer(HttpStatusCode status, string? body, string media = "application/json") : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, media) });
    }

    private static Task<HttpResponseMessage> GetAsync(string path, HttpStatusCode status, string? body, string media = "application/json") =>
        new HttpClient(new ContractConformanceHandler { InnerHandler = new Answer(status, body, media), ReportFile = null }).GetAsync("http://platform.test" + path);

    private const string Exchanges = """{"items":[{"code":"STEX","name":"Shanghai Technology Exchange","country":"CN","currency":"CNY","crossBorderGateway":false}],"nextCursor":null}""";

    [Fact]
    public async Task An_answer_as_documented_passes() =>
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/exchanges", HttpStatusCode.OK, Exchanges)).StatusCode);

    [Fact]
    public async Task A_status_the_operation_does_not_list_fails() =>
        Assert.Contains("does not list", (await Assert.ThrowsAsync<ContractViolationException>(() =>
            GetAsync("/api/exchanges", HttpStatusCode.Conflict, """{"type":"/problems/x","title":"x","status":409}""", "application/problem+json"))).Message);

    [Fact]
    public async Task A_body_off_its_schema_fails() =>
        Assert.Contains("off its schema", (await Assert.ThrowsAsync<ContractViolationException>(() =>
            GetAsync("/api/exchanges", HttpStatusCode.OK, """{"items":"STEX","nextCursor":null}"""))).Message);

    [Fact]
    public async Task An_error_that_is_not_problem_details_fails() =>
        Assert.Contains("not application/problem+json", (await Assert.ThrowsAsync<ContractViolationException>(() =>
            GetAsync($"/api/listings/{Guid.NewGuid()}", HttpStatusCode.NotFound, """{"error":"not found"}"""))).Message);

    [Fact]
    public async Task What_no_document_describes_is_not_checked() =>
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync("/health/ready", HttpStatusCode.ServiceUnavailable, "Unhealthy", "text/plain")).StatusCode);
}
