using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.BuildingBlocks.Monetary;

namespace Platform.BuildingBlocks.OpenApi;

/// <summary>The schemas the platform's converters make opaque to the generator: Money, decimals, problem details.</summary>
public static class OpenApiSchemas
{
    /// <summary>Plain decimal notation, as the converters read and write it: no exponent, no separators.</summary>
    public const string DecimalPattern = @"^-?[0-9]+(\.[0-9]+)?$";

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(Money) || type == typeof(Money?))
        {
            schema.Type = JsonSchemaType.Object;
            schema.Description = "An amount of money: a decimal string with at most the currency's minor digits (2 for CNY), and an ISO 4217 code.";
            schema.Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["amount"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = DecimalPattern, Examples = [JsonValue.Create("1200000.00")] },
                ["currency"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Z]{3}$", Examples = [JsonValue.Create("CNY")] },
            };
            schema.Required = new HashSet<string> { "amount", "currency" };
            schema.AdditionalPropertiesAllowed = false;
        }
        else if (type == typeof(decimal) || type == typeof(decimal?))
        {
            // DecimalStringJsonConverter: decimals travel as strings so that no client loses digits to a binary float.
            schema.Type = type == typeof(decimal?) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "decimal";
            schema.Pattern = DecimalPattern;
        }
        else if (type == typeof(string))
        {
            // NoControlCharactersStringConverter hides strings from the generator (it writes {}): a string, null where the property may be.
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } or { IsSetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        else if (context.JsonTypeInfo is { Kind: System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable, ElementType: var element }
                 && element == typeof(string) && schema.Items is null or OpenApiSchema { Type: null, OneOf: null, AnyOf: null })
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String }; // the same hidden string, as an array's items
        }
        else if (context.JsonTypeInfo is { Kind: System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary, ElementType: var value }
                 && (value == typeof(decimal) || value == typeof(decimal?)))
        {
            // A map of decimals (valuation fxRates: {"USD": "7.10"}): each value the decimal string.
            schema.AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, Format = "decimal", Pattern = DecimalPattern };
        }
        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && type.Name.EndsWith("Request", StringComparison.Ordinal))
            schema.Required = context.JsonTypeInfo.Properties
                .Where(p => p.AttributeProvider?.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true) == true)
                .Select(p => p.Name).ToHashSet();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Once the document is whole (the generator wraps nullable references in oneOf only then): a request's required
    /// properties are not null, and an enumeration lists its values only (null belongs to the properties that may be null,
    /// which say so themselves; in the enumeration a generator makes a member of it).
    /// </summary>
    public static void Finish(OpenApiDocument document)
    {
        // The framework's own problem schemas (from ProducesProblem) are replaced by the platform's Problem on every operation.
        document.Components?.Schemas?.Remove("ProblemDetails");
        document.Components?.Schemas?.Remove("HttpValidationProblemDetails");
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema schema) continue;
            if (schema.Enum is { } values)
            {
                foreach (var value in values.Where(v => v is null || v.GetValueKind() == System.Text.Json.JsonValueKind.Null).ToList()) values.Remove(value);
                if (schema.Type is null && values.All(v => v.GetValueKind() == System.Text.Json.JsonValueKind.String)) schema.Type = JsonSchemaType.String;
            }
            if (name.EndsWith("Request", StringComparison.Ordinal)) RequiredAreNotNull(schema);
        }
    }

    /// <summary>
    /// A request's properties are nullable in C# so that a missing one is a 400 naming it rather than a binding
    /// failure; the generator would call them all required-and-nullable. What a client must send is what carries
    /// [Required] (DataAnnotations), set as the schema's required list above; those are not null. The rest is optional.
    /// </summary>
    private static void RequiredAreNotNull(OpenApiSchema schema)
    {
        if (schema.Properties is null || schema.Required is null) return;
        foreach (var name in schema.Required)
        {
            switch (schema.Properties.TryGetValue(name, out var found) ? found : null)
            {
                case OpenApiSchema { Type: { } t } property when t.HasFlag(JsonSchemaType.Null):
                    property.Type = t & ~JsonSchemaType.Null;
                    break;
                case OpenApiSchema { OneOf: [OpenApiSchema { Type: JsonSchemaType.Null }, var only] }:
                    schema.Properties[name] = only;
                    break;
            }
        }
    }

    /// <summary>RFC 9457 problem details as the platform writes them.</summary>
    public static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details: what went wrong, and for a 400 which field expects what.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The rule, e.g. /problems/org-not-registered." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object, Description = "Each bad field and what it expects.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
