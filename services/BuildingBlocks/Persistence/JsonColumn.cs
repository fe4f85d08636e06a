using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.BuildingBlocks.Hosting;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// Stores a value object (or a list of them) as one jsonb column, in the platform's wire format.
/// Why: snapshots such as contributors travel whole in events and are read whole; they are never
/// queried field by field, so a table per value object would only add joins.
/// </summary>
public static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property)
    {
        property.HasConversion(
                v => JsonSerializer.Serialize(v, PlatformJson.Options),
                s => JsonSerializer.Deserialize<T>(s, PlatformJson.Options)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, PlatformJson.Options) == JsonSerializer.Serialize(b, PlatformJson.Options),
                    v => JsonSerializer.Serialize(v, PlatformJson.Options).GetHashCode(),
                    v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, PlatformJson.Options), PlatformJson.Options)!))
            .HasColumnType("jsonb");
        return property;
    }
}
