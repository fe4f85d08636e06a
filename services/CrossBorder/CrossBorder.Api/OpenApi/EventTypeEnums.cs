using System.Text.Json.Nodes;
using CrossBorder.Api.Domain;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrossBorder.Api.OpenApi;

/// <summary>
/// The event types in the document as enumerations, from the one registry (FeedEventTypes): what a subscription may
/// name (the exchanges' events) and what the feed may be filtered by (all of them), so a client cannot ask for an
/// event that never happens.
/// </summary>
public static class EventTypeEnums
{
    private static readonly string[] SubscriptionSchemas = ["SubscriptionRequest", "SubscriptionView", "CreatedSubscriptionView"];

    public static OpenApiOptions AddEventTypeEnums(this OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            OpenApiSchema Enumeration(IEnumerable<string> types) =>
                new() { Type = JsonSchemaType.String, Enum = [.. types.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)!)] };
            var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var name in SubscriptionSchemas)
                if (schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema { Properties: { } properties }
                    && properties.TryGetValue("eventTypes", out var eventTypes) && eventTypes is OpenApiSchema list)
                    list.Items = Enumeration(FeedEventTypes.ForExchanges);
            if (document.Paths.TryGetValue("/api/events", out var events)
                && events.Operations?.TryGetValue(HttpMethod.Get, out var feed) == true
                && feed.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "type") is { } type)
                type.Schema = Enumeration(FeedEventTypes.ForExchanges.Concat(FeedEventTypes.ForAuditorsOnly));
            return Task.CompletedTask;
        });
}
