using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class MerkleLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_signed_heads",
                columns: table => new
                {
                    tree_size = table.Column<long>(type: "bigint", nullable: false),
                    root_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    signed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_signed_heads", x => x.tree_size);
                });

            migrationBuilder.CreateTable(
                name: "ledger_tree_nodes",
                columns: table => new
                {
                    level = table.Column<short>(type: "smallint", nullable: false),
                    index = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_tree_nodes", x => new { x.level, x.index });
                });

            // The log is append-only like the ledger it covers: a node or a signed head, once written, never changes
            // (the ledger role may only add them; a changed one is what the heads' witnesses would catch).
            migrationBuilder.Sql($"""
                CREATE FUNCTION ledger_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the ledger''s Merkle log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
                        USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER ledger_tree_nodes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_tree_nodes
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_log_append_only();
                CREATE TRIGGER ledger_signed_heads_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_signed_heads
                    FOR EACH STATEMENT EXECUTE FUNCTION ledger_log_append_only();
                REVOKE UPDATE, DELETE, TRUNCATE ON ledger_tree_nodes, ledger_signed_heads FROM {RevenueDbContext.AppRole};
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION ledger_log_append_only() CASCADE;");
            migrationBuilder.DropTable(
                name: "ledger_signed_heads");

            migrationBuilder.DropTable(
                name: "ledger_tree_nodes");
        }
    }
}
