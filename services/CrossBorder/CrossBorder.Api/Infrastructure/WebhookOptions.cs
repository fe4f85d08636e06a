namespace CrossBorder.Api.Infrastructure;

/// <summary>Settings under "Webhooks".</summary>
public sealed class WebhookOptions
{
    /// <summary>The operator's allowance of loopback endpoints (and http on them): ./platform up sets it, production never.</summary>
    public bool AllowLoopback { get; set; }
    /// <summary>How often due deliveries are looked for.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Deliveries in flight at once: a slow endpoint holds one slot, never the others.</summary>
    public int MaxConcurrency { get; set; } = 16;
    /// <summary>How long an endpoint may take to answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>A claimed delivery is retried after this if its process died mid-attempt.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);
}
