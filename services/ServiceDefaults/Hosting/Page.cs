namespace Platform.BuildingBlocks.Hosting;

/// <summary>A list as the API answers it (README.md API conventions): <c>{"items": [...], "nextCursor": "..." | null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>The same page with its items mapped (rows to views); the cursor is kept.</summary>
    public Page<TOut> Map<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), NextCursor);
}
