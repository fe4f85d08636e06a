using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReversalsAndAppendOnlyIncome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reversal_reason",
                table: "receipts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reverses_id",
                table: "receipts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reversal_reason",
                table: "costs",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reverses_id",
                table: "costs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_receipts_reverses",
                table: "receipts",
                column: "reverses_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_costs_reverses",
                table: "costs",
                column: "reverses_id",
                unique: true);

            // README §3 and §7: receipts and costs are append-only, like the ledger. A trigger refuses UPDATE, DELETE and
            // TRUNCATE for every role, the owner included; the service's own login role owns nothing and is not even
            // granted them. It logs in (LOGIN) instead of being a session role of the owner's login, so SET ROLE NONE
            // gains nothing.
            migrationBuilder.Sql($"""
                CREATE FUNCTION income_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: % refused (record a reversal instead)', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER receipts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON receipts
                    FOR EACH STATEMENT EXECUTE FUNCTION income_records_append_only();
                CREATE TRIGGER costs_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON costs
                    FOR EACH STATEMENT EXECUTE FUNCTION income_records_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON receipts, costs FROM {RevenueDbContext.AppRole};
                """);
            // The role is cluster-wide and several databases may migrate at once (tests, a fleet of replicas): the
            // advisory lock queues them, so only the first one alters the role's row.
            migrationBuilder.Sql($"""
                SELECT pg_advisory_xact_lock(hashtext('{RevenueDbContext.AppRole} login'));
                DO $$
                BEGIN
                    IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = '{RevenueDbContext.AppRole}') THEN
                        ALTER ROLE {RevenueDbContext.AppRole} LOGIN;
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER receipts_append_only ON receipts;
                DROP TRIGGER costs_append_only ON costs;
                DROP FUNCTION income_records_append_only();
                """);
            migrationBuilder.Sql($"GRANT UPDATE, DELETE ON receipts, costs TO {RevenueDbContext.AppRole};");

            migrationBuilder.DropIndex(
                name: "ux_receipts_reverses",
                table: "receipts");

            migrationBuilder.DropIndex(
                name: "ux_costs_reverses",
                table: "costs");

            migrationBuilder.DropColumn(
                name: "reversal_reason",
                table: "receipts");

            migrationBuilder.DropColumn(
                name: "reverses_id",
                table: "receipts");

            migrationBuilder.DropColumn(
                name: "reversal_reason",
                table: "costs");

            migrationBuilder.DropColumn(
                name: "reverses_id",
                table: "costs");
        }
    }
}
