using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.BuildingBlocks.Hosting;

/// <summary>
/// The wire format of the API (README.md API conventions): camelCase, enums as snake_case strings, decimals (shares, rates)
/// as decimal strings, numbers strict (a string where a number belongs is a 400, not a guess).
/// </summary>
public static class PlatformJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 32;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new DecimalStringJsonConverter());
        return options;
    }

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());
}

/// <summary>Decimals travel as strings ("0.40") so no client loses digits to a binary float.</summary>
public sealed class DecimalStringJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (text.Length <= 40 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture, out var value))
                return value;
            throw new JsonException("Expected a decimal string such as \"0.40\".");
        }
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            return number;
        throw new JsonException("Expected a decimal string such as \"0.40\".");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// Text from clients may hold tab and newline but no other control character (NUL, escape, C1 ...): such a string
/// is refused as a 400 naming its JSON path, once for every body, before it can reach a query, a log or a CSV.
/// Used for HTTP request bodies only, not for the service's own stored JSON.
/// </summary>
public sealed class NoControlCharactersStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && FreeText.HasForbiddenControl(text))
            throw new JsonException("Control characters other than tab and newline are not accepted in text.");
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public static class FreeText
{
    public static bool HasForbiddenControl(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n')) return true;
        return false;
    }
}
