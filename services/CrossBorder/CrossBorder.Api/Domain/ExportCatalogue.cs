namespace CrossBorder.Api.Domain;

/// <summary>
/// An item of the export-control catalogue (中国禁止出口限制出口技术目录), admin-managed. A listing's declared item
/// is checked against it and the stricter class wins; an item not in the catalogue keeps the declared class.
/// </summary>
public sealed class CatalogueItem
{
    public required string Item { get; init; }
    public required string Class { get; set; }
    public required string Title { get; set; }
}

public static class ExportClasses
{
    public static readonly string[] Ordered = ["free", "restricted", "prohibited"];

    public static bool IsKnown(string? value) => value is not null && Ordered.Contains(value);

    public static string Stricter(string a, string b) => Array.IndexOf(Ordered, a) >= Array.IndexOf(Ordered, b) ? a : b;

    /// <summary>The class that applies: the declared one, or the catalogue's for the declared item when stricter.</summary>
    public static string Effective(string declared, string? item, IReadOnlyDictionary<string, CatalogueItem> catalogue) =>
        item is not null && catalogue.TryGetValue(item, out var entry) ? Stricter(declared, entry.Class) : declared;
}
