namespace Platform.BuildingBlocks.Tenants;

/// <summary>
/// For the migration that introduced the register: the universities and exchanges a service already holds data of
/// become registered tenants (a university's name is its code until an admin renames it), and are published as
/// tenant.registered through the outbox so that every other service lets them in too. Without it, an upgrade would
/// lock out every tenant that was not in the seed.
/// </summary>
public static class TenantBackfill
{
    private static readonly string MessageType = $"{typeof(TenantRegistered).FullName}, {typeof(TenantRegistered).Assembly.GetName().Name}";

    /// <param name="role">university or exchange</param>
    /// <param name="orgs">SQL selecting codes and names, e.g. <c>SELECT university_id, university_id FROM inventions</c>.</param>
    public static string Sql(string role, string orgs) => $"""
        WITH found AS (
            SELECT DISTINCT ON (org) org, name FROM ({orgs}) AS held(org, name)
            WHERE org ~ '^[A-Za-z0-9][A-Za-z0-9._-]{"{"}0,63{"}"}$' AND org !~ '\n'
        ), added AS (
            INSERT INTO registered_tenants (role, org, name, registered_at)
            SELECT '{role}', org, left(name, 300), now() FROM found
            ON CONFLICT DO NOTHING
            RETURNING role, org, name, registered_at
        )
        INSERT INTO outbox_messages (message_id, message_type, body, created_at)
        SELECT gen_random_uuid(), '{MessageType}',
               jsonb_build_object('role', role, 'org', org, 'name', name, 'registeredAt', registered_at), now()
        FROM added;
        """;
}
