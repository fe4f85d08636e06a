namespace Platform.BuildingBlocks.Hosting;

/// <summary>A list as api.md answers it: <c>{"items": [...], "nextCursor": "..." | null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
