using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// Which traces leave the process (#14). A call made on nobody's behalf (a root client span: the outbox relay's or a
/// job's poll of its database, a readiness probe's request, a webhook delivery attempt) is sent only when it fails, so
/// a deal's own trace (gateway, service, outbox, RabbitMQ, consumer) is the one a user finds. A new trace is kept at <c>Telemetry:SampleRatio</c>
/// (by trace id, 1.0 by default); a span inside a trace follows its parent's decision (parent-based). Spans not kept
/// are still recorded in-process, so <see cref="KeepErrors"/> can send an error anyway.
/// </summary>
public sealed class PlatformSampler(double ratio) : Sampler
{
    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult RecordOnly = new(SamplingDecision.RecordOnly);
    private readonly TraceIdRatioBasedSampler _newTraces = new(Math.Clamp(ratio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId != default) return parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Keep : RecordOnly;
        if (samplingParameters.Kind == ActivityKind.Client) return RecordOnly; // a poll, probe or delivery: sent if it fails
        return _newTraces.ShouldSample(samplingParameters).Decision == SamplingDecision.RecordAndSample ? Keep : RecordOnly;
    }
}

/// <summary>Errors are always kept: a failed span (status Error, or an HTTP answer of 500 or more) is exported whatever the sampling said.</summary>
public sealed class KeepErrors : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.Recorded) return;
        if (data.Status == ActivityStatusCode.Error || data.GetTagItem("http.response.status_code") is int and >= 500)
            data.ActivityTraceFlags |= ActivityTraceFlags.Recorded;
    }
}
