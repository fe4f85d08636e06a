using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Idempotency;

namespace Platform.BuildingBlocks.OpenApi;

/// <summary>
/// What every operation of every service carries, read from the endpoint itself so it cannot drift: an operationId
/// (Resource_Handler), a summary, the roles it accepts (x-roles and the description), the bearer requirement, the
/// Idempotency-Key and If-Match headers where they apply, and each error status it can answer, as problem details.
/// </summary>
public static partial class OperationConventions
{
    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        var method = description.HttpMethod ?? "GET";
        var document = context.Document;

        operation.OperationId ??= handler is null ? null : $"{Resource(handler)}_{handler.Name}";
        if (string.IsNullOrWhiteSpace(operation.Summary) && handler is not null) operation.Summary = Humanize(handler.Name);

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var roles = anonymous ? [] : Roles(metadata);
        if (!anonymous)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PlatformOpenApi.BearerScheme, document)] = [] }];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r)!)]));
            var who = $"Roles: {string.Join(", ", roles)}.";
            operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? who : $"{operation.Description.TrimEnd()}\n\n{who}";
        }
        else operation.Security = [];

        operation.Parameters ??= [];
        // A query parameter the handler takes as nullable (so that a missing one is a 400 naming it) but marks [Required].
        foreach (var parameter in description.ParameterDescriptions)
        {
            if (parameter.ParameterDescriptor is Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor { ParameterInfo: var info }
                && info.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: true)
                && operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == parameter.Name) is { } documented)
                documented.Required = true;
        }
        if (metadata.OfType<IdempotentAttribute>().Any())
            operation.Parameters.Add(Header("Idempotency-Key",
                "Optional. The same key and body from the same caller answer the first answer again instead of doing it twice (24 h).",
                new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 }, required: false));
        var ifMatch = metadata.OfType<IfMatchRequiredAttribute>().Any();
        if (ifMatch)
            operation.Parameters.Add(Header("If-Match", "The ETag of the version read, e.g. \"3\": a stale one is 412, none is 428.",
                new OpenApiSchema { Type = JsonSchemaType.String }, required: true));

        var writes = method is "POST" or "PUT" or "PATCH" or "DELETE";
        var hasBody = description.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        var hasRouteValues = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        operation.Responses ??= new OpenApiResponses();
        void Problem(int status, string what, bool when = true)
        {
            // An endpoint that declares a status of its own (ProducesProblem: a 404 without a route value, a 422 on a
            // read) has it whatever the conventions below would say.
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!when && !operation.Responses.ContainsKey(key)) return;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = what,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(PlatformOpenApi.ProblemSchema, document) },
                },
            };
        }
        Problem(400, "Malformed input: the problem's errors name each field and what it expects.");
        Problem(401, "No valid bearer token.", !anonymous);
        Problem(403, "The caller's role or tenant may not do this (or the tenant is not registered).", !anonymous);
        Problem(404, "Not found, or not the caller's to see.", hasRouteValues);
        Problem(409, "Conflicts with the current state.", writes);
        Problem(412, "The If-Match version is not the current one.", ifMatch);
        Problem(413, "The body is larger than the service accepts.", hasBody);
        Problem(415, "The body is not application/json.", hasBody);
        Problem(422, "A rule of the domain refuses it; the problem's type names the rule.", writes);
        Problem(428, "If-Match is required.", ifMatch);
        Problem(429, "Too many requests: retry after the Retry-After header.");
        Problem(503, "Briefly unavailable (a database failover, say): retry after the Retry-After header.");
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description, OpenApiSchema schema, bool required) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Required = required, Schema = schema };

    /// <summary>The roles an endpoint accepts: its policies, or the platform's fallback (any of the four).</summary>
    private static List<string> Roles(IList<object> metadata)
    {
        var roles = new List<string>();
        foreach (var item in metadata)
        {
            if (item is IAuthorizeData { Policy: { } policy } && PlatformRoles.All.Contains(policy)) roles.Add(policy);
            if (item is IAuthorizeData { Roles: { } named }) roles.AddRange(named.Split(',', StringSplitOptions.TrimEntries));
            if (item is AuthorizationPolicy p)
                roles.AddRange(p.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles));
        }
        return roles.Count == 0 ? [.. PlatformRoles.All] : roles.Distinct().ToList();
    }

    /// <summary>InventionsApi → Inventions; a handler outside an *Api class is named by its class.</summary>
    private static string Resource(MethodInfo handler)
    {
        var name = handler.DeclaringType?.Name ?? "Platform";
        return name.EndsWith("Api", StringComparison.Ordinal) && name.Length > 3 ? name[..^3] : name;
    }

    /// <summary>CreateInvention → "Create invention".</summary>
    private static string Humanize(string name)
    {
        var words = Words().Split(name).Where(w => w.Length > 0).ToList();
        return string.Join(' ', words.Select((w, i) => i == 0 ? w : w.ToLowerInvariant()));
    }

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex Words();
}
