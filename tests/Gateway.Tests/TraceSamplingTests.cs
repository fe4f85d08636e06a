using System.Diagnostics;
using Listing.Api.Infrastructure;
using OpenTelemetry.Trace;
using Platform.BuildingBlocks.Hosting;
using Platform.Testing;

namespace Gateway.Tests;

/// <summary>
/// What leaves a service as traces (#14): after one ./platform demo the dashboard held 351 traces, almost all single
/// database spans of background polls. A poll makes no trace now; a request's own database spans stay in its trace;
/// an error is kept whatever the sampling ratio says.
/// </summary>
public class TraceSamplingTests
{
    [Fact]
    public async Task A_poll_makes_no_trace_and_a_requests_queries_stay_in_its_trace()
    {
        var spans = new List<Activity>();
        await using var listing = new ServiceFactory<ListingDbContext>(await TestInfrastructure.NewDatabaseAsync("sampling"),
            await TestInfrastructure.NewVhostAsync("sampling"),
            new Dictionary<string, string?> { ["Messaging:Outbox:PollInterval"] = "00:00:00.200" },
            configureServices: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        await listing.MigrateAsync();
        var client = listing.CreateClient().As("university", "fudan");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the outbox relay polls its database ten times, the jobs run once

        // Services in this test process share one activity listener: the request is told apart by its own trace.
        var trace = ActivityTraceId.CreateRandom();
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/inventions");
        get.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        (await client.SendAsync(get)).EnsureSuccessStatusCode();
        List<Activity> exported = [];
        await Eventually.TrueAsync(() =>
        {
            lock (spans) exported = [.. spans];
            return Task.FromResult(exported.Any(a => a.Kind == ActivityKind.Server && a.TraceId == trace));
        }, what: "the request's span");
        Assert.Contains(exported, a => a.Source.Name == "Npgsql" && a.TraceId == trace); // its queries, in its trace
        // Other tests' services share this process's listener: a failed call of theirs (a database dropped under a
        // stopping service, a probe of a closed port) is rightly sent; a successful poll never is.
        var orphans = exported.Where(a => a.Kind == ActivityKind.Client && a.ParentSpanId == default && a.Status != ActivityStatusCode.Error
            && a.GetTagItem("http.response.status_code") is not (int and >= 500)).Select(a => $"{a.Source.Name} {a.DisplayName}").ToList();
        Assert.True(orphans.Count == 0, "Root client spans that succeeded were exported: " + string.Join("; ", orphans.Take(5)));
    }

    [Fact]
    public void A_new_trace_follows_the_ratio_a_child_its_parent_and_an_error_is_kept_anyway()
    {
        using var source = new ActivitySource("sampling-test");
        var sampler = new PlatformSampler(0);
        var none = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GET /x", ActivityKind.Server);
        Assert.Equal(SamplingDecision.RecordOnly, sampler.ShouldSample(none).Decision); // ratio 0: recorded, not sent
        var poll = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "listing", ActivityKind.Client);
        Assert.Equal(SamplingDecision.RecordOnly, new PlatformSampler(1).ShouldSample(poll).Decision); // whatever the ratio
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.Equal(SamplingDecision.RecordAndSample,
            sampler.ShouldSample(new SamplingParameters(sampledParent, sampledParent.TraceId, "query", ActivityKind.Client)).Decision);
        Assert.Equal(SamplingDecision.RecordAndSample, new PlatformSampler(1).ShouldSample(none).Decision);

        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "sampling-test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData, // recorded, not sampled
        };
        ActivitySource.AddActivityListener(listener);
        var keepErrors = new KeepErrors();
        var failed = source.StartActivity("failed")!;
        failed.SetStatus(ActivityStatusCode.Error);
        failed.Stop();
        keepErrors.OnEnd(failed);
        Assert.True(failed.Recorded);
        var answered500 = source.StartActivity("answered 500")!;
        answered500.SetTag("http.response.status_code", 500);
        answered500.Stop();
        keepErrors.OnEnd(answered500);
        Assert.True(answered500.Recorded);
        var fine = source.StartActivity("fine")!;
        fine.Stop();
        keepErrors.OnEnd(fine);
        Assert.False(fine.Recorded);
    }
}
