using Microsoft.EntityFrameworkCore;

namespace Platform.BuildingBlocks.Idempotency;

/// <summary>
/// The first answer to a creating POST with an Idempotency-Key, scoped to the caller and the route (README.md API conventions).
/// A row without <see cref="CompletedAt"/> is a request still running.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Scope { get; init; }
    public required string Key { get; init; }
    public required string RequestHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
}

public static class IdempotencyModel
{
    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder model)
    {
        model.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(r => new { r.Scope, r.Key });
            e.Property(r => r.Scope).HasMaxLength(300);
            e.Property(r => r.Key).HasMaxLength(200);
            e.HasIndex(r => r.CreatedAt);
        });
        return model;
    }
}
