namespace Platform.BuildingBlocks.Hosting;

/// <summary>A list as the API answers it (README.md API conventions): <c>{"items": [...], "nextCursor": "..." | null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
