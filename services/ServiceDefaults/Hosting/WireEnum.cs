using System.Text.Json;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>Enum names as they appear on the wire and in events: snake_case ("exclusive_licence").</summary>
public static class WireEnum
{
    public static string ToWire<T>(this T value) where T : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string wire) where T : struct, Enum =>
        TryParse<T>(wire, out var value) ? value : throw new ArgumentException($"'{wire}' is not a {typeof(T).Name}.");

    public static bool TryParse<T>(string? wire, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (candidate.ToWire() == wire)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
