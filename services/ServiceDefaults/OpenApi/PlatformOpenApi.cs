using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;

namespace Platform.BuildingBlocks.OpenApi;

/// <summary>
/// Each service's OpenAPI document, good enough to generate a client from without hand edits: the gateway as the one
/// server, the bearer scheme, an id, summary, roles and every error status on each operation, Money and decimals as
/// the strings they are on the wire. The document is committed beside the service (openapi.json) and a test holds
/// the two equal.
/// </summary>
public static class PlatformOpenApi
{
    public const string BearerScheme = "bearer";
    public const string ProblemSchema = "Problem";

    public static IHostApplicationBuilder AddPlatformOpenApi(this IHostApplicationBuilder builder, ServiceDocument service)
    {
        var server = builder.Configuration[ServiceDocument.ServerUrlSetting] is { Length: > 0 } configured ? configured : ServiceDocument.DefaultServerUrl;
        builder.Services.AddSingleton(service);
        builder.Services.AddOpenApi(options =>
        {
            options.CreateSchemaReferenceId = type => type.Type == typeof(Monetary.Money) ? "Money" : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo { Title = service.Title, Version = "v1", Description = service.Introduction };
                document.Servers = [new OpenApiServer { Url = server.TrimEnd('/'), Description = "The platform's gateway" }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                    Description = "A platform token: one role claim and, for universities and exchanges, a registered org.",
                };
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas[ProblemSchema] = OpenApiSchemas.Problem();
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                    tag.Description = service.Tags.TryGetValue(tag.Name ?? "", out var line) ? line
                        : throw new InvalidOperationException($"The tag {tag.Name} has no line in the service's ApiDocument.");
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(OperationConventions.ApplyAsync);
            options.AddSchemaTransformer(OpenApiSchemas.ApplyAsync);
            options.AddDocumentTransformer((document, _, _) => { OpenApiSchemas.Finish(document); return Task.CompletedTask; });
        });
        return builder;
    }
}
