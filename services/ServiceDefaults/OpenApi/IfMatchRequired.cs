using Microsoft.AspNetCore.Builder;

namespace Platform.BuildingBlocks.OpenApi;

/// <summary>Marks an endpoint that requires <c>If-Match</c> (optimistic concurrency), so its document says so.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class IfMatchRequiredAttribute : Attribute;

public static class IfMatchRequiredExtensions
{
    public static RouteHandlerBuilder RequiresIfMatch(this RouteHandlerBuilder builder) => builder.WithMetadata(new IfMatchRequiredAttribute());
}
