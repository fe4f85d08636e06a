using Microsoft.AspNetCore.Builder;

namespace Platform.BuildingBlocks.Idempotency;

/// <summary>
/// Marks a creating endpoint as accepting Idempotency-Key: the middleware (BuildingBlocks) keeps its answers, and the
/// OpenAPI document names the header. It lives here, beside the document conventions, so that neither needs the other.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class IdempotentAttribute : Attribute;

public static class IdempotentEndpoints
{
    /// <summary>This creating endpoint accepts Idempotency-Key.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentAttribute());
}
