using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// Instants are stored in UTC (README.md §0). Clients send times "ISO 8601 with offset" (README.md API conventions), e.g. +08:00;
/// PostgreSQL's timestamptz takes only offset 0 through Npgsql, so every DateTimeOffset is converted on the way in.
/// </summary>
public static class UtcInstants
{
    public static ModelConfigurationBuilder StoreInstantsAsUtc(this ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTimeOffset>().HaveConversion<ToUtc>();
        configuration.Properties<DateTimeOffset?>().HaveConversion<ToUtc>();
        return configuration;
    }

    private sealed class ToUtc() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
