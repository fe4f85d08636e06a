using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <summary>
    /// services/RevenueSharing/README.md §7: the role the service runs as cannot update or delete ledger rows. The running service acts as
    /// <see cref="RevenueDbContext.AppRole"/> (a session role, see AddPlatformDbContext), granted everything it needs
    /// on its tables except UPDATE, DELETE and TRUNCATE on ledger_entries. Tables added by later migrations get the
    /// same grants through the default privileges. The role is cluster-wide, so its creation tolerates a concurrent one.
    /// </summary>
    [DbContext(typeof(RevenueDbContext))]
    [Migration("20261130150000_AppRole")]
    public partial class AppRole : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{RevenueDbContext.AppRole}') THEN
                        CREATE ROLE {RevenueDbContext.AppRole} NOLOGIN;
                    END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$;
                -- Only where the owner is not a member yet: where an operator made the role (CloudNativePG's managed roles,
                -- deploy/k8s/infra) it made the owner a member too, and a grant by one without ADMIN on it would fail.
                DO $$
                BEGIN
                    IF NOT pg_has_role(CURRENT_USER, '{RevenueDbContext.AppRole}', 'MEMBER') THEN
                        GRANT {RevenueDbContext.AppRole} TO CURRENT_USER;
                    END IF;
                END $$;
                GRANT USAGE ON SCHEMA public TO {RevenueDbContext.AppRole};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {RevenueDbContext.AppRole};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RevenueDbContext.AppRole};
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {RevenueDbContext.AppRole};
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {RevenueDbContext.AppRole};
                REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries FROM {RevenueDbContext.AppRole};
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {RevenueDbContext.AppRole};
                ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {RevenueDbContext.AppRole};
                REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {RevenueDbContext.AppRole};
                REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {RevenueDbContext.AppRole};
                REVOKE USAGE ON SCHEMA public FROM {RevenueDbContext.AppRole};
                """);
        }
    }
}
