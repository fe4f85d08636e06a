using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <summary>
    /// services/RevenueSharing/README.md §7: ledger entries are never updated or deleted. The database refuses it for every role the
    /// service may run as (a trigger, which also stands while the service still connects as the owner).
    /// </summary>
    [DbContext(typeof(RevenueDbContext))]
    [Migration("20261130140000_LedgerAppendOnly")]
    public partial class LedgerAppendOnly : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'ledger_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ledger_entries_append_only
                    BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER ledger_entries_append_only ON ledger_entries;
                DROP FUNCTION ledger_entries_append_only();
                """);
        }
    }
}
