namespace Platform.BuildingBlocks.Persistence;

/// <summary>
/// The SQL of a service's migration that gives its runtime login role (services log in as it, see
/// AddPlatformDbContext's loginRole) what a running service needs and nothing more: it owns nothing, so it cannot
/// change the schema, and a <c>SET ROLE NONE</c> gains it nothing. Revenue-sharing's own migrations (AppRole,
/// ReversalsAndAppendOnlyIncome) did the same before this helper and revoke more. A migration calls this once; what it
/// returns must not change afterwards (a new need is a new migration).
/// </summary>
public static class RuntimeRoleSql
{
    /// <param name="role">The role (e.g. listing_app): a fixed identifier of ours, never input.</param>
    public static string Grant(string role) => $"""
        -- Roles are cluster-wide: MigrateAsync queues the databases' migrations on one lock, and a role made meanwhile by
        -- another party counts as made.
        DO $$
        BEGIN
            -- An operator may have made it already (CloudNativePG's managed roles, deploy/k8s/infra), with the owner
            -- as a member; where it has not, the owner makes it and joins it.
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                BEGIN
                    CREATE ROLE {role} LOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
            ELSIF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = '{role}') THEN
                ALTER ROLE {role} LOGIN;
            END IF;
            IF NOT pg_has_role(CURRENT_USER, '{role}', 'MEMBER') THEN
                GRANT {role} TO CURRENT_USER;
            END IF;
        END $$;
        GRANT USAGE ON SCHEMA public TO {role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
        """;

    /// <summary>The way back: this database's grants go; the role stays (it is the cluster's, other databases may use it).</summary>
    public static string Revoke(string role) => $"""
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {role};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {role};
        REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role};
        REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role};
        REVOKE USAGE ON SCHEMA public FROM {role};
        """;
}
