namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// A university or exchange was registered (or renamed). Published by the service that owns the registration
/// (revenue-sharing for universities, cross-border for exchanges); every service keeps its copy from it.
/// </summary>
public sealed record TenantRegistered(string Role, string Org, string Name, DateTimeOffset RegisteredAt);
