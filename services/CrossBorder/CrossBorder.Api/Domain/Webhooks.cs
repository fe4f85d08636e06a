using System.Security.Cryptography;

namespace CrossBorder.Api.Domain;

/// <summary>An exchange's webhook endpoint and the event types it receives (Standard Webhooks 1.0, services/CrossBorder/README.md §8).</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; init; }
    public required string Exchange { get; init; }
    public required string Url { get; init; }
    public required string[] EventTypes { get; init; }
    /// <summary>whsec_ + base64 of 32 random bytes. Shown once, when created; never logged. Kept to sign deliveries.</summary>
    public required string Secret { get; set; }
    /// <summary>
    /// The secret before the last rotation, still signing beside the new one until PreviousSecretExpiresAt, so the
    /// receiver can switch without losing a delivery (Standard Webhooks: several signatures for key rotation).
    /// </summary>
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    /// <summary>How long a rotated-out secret keeps signing.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>The secrets deliveries are signed with now: the current one, and the previous one during the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];
    public required string Status { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public const string Active = "active";
    /// <summary>The endpoint answered 410 Gone: nothing more is sent to it.</summary>
    public const string Disabled = "disabled";
    public const string Deleted = "deleted";

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

/// <summary>One event to one subscription: retried on the schedule until it succeeds or gives up, always with the same webhook-id.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; init; }
    public Guid SubscriptionId { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due (kept in PostgreSQL, so a restart loses nothing); null when done.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    /// <summary>Given up: the schedule is exhausted, the endpoint answered 410, or the subscription was deleted.</summary>
    public const string Failed = "failed";
}

/// <summary>One HTTP attempt of a delivery: the delivery log.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; init; }
    public Guid DeliveryId { get; init; }
    public int Number { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }
    public bool Success { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}

/// <summary>services/CrossBorder/README.md §8: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure.</summary>
public static class WebhookRetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>When attempt number <paramref name="failedAttempt"/> + 1 is due, or null when that was the last.</summary>
    public static DateTimeOffset? NextAfter(int failedAttempt, DateTimeOffset failedAt) =>
        failedAttempt < Delays.Count ? failedAt + Delays[failedAttempt] : null;
}
