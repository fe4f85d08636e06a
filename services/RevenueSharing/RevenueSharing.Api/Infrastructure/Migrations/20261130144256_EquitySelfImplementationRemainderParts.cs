using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EquitySelfImplementationRemainderParts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "party",
                table: "ledger_entries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "equity_total_shares",
                table: "deal_accounts",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "remainder",
                table: "deal_accounts",
                type: "jsonb",
                nullable: false,
                // Accounts opened before remainder parts were recorded: the platform default split.
                defaultValue: "{\"department\":\"0.5\",\"university\":\"0.3\",\"transferOffice\":\"0.2\"}");

            migrationBuilder.CreateTable(
                name: "equity_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<string>(type: "text", nullable: false),
                    share = table.Column<decimal>(type: "numeric(9,8)", precision: 9, scale: 8, nullable: false),
                    shares = table.Column<long>(type: "bigint", nullable: false),
                    withheld = table.Column<bool>(type: "boolean", nullable: false),
                    granted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tax_deferral_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_equity_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "listings",
                columns: table => new
                {
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    snapshot = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listings", x => x.listing_id);
                });

            migrationBuilder.CreateTable(
                name: "profit_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    self_implementation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    operating_profit = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    reward = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_profit_reports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_equity_grants_deal_id_person_id",
                table: "equity_grants",
                columns: new[] { "deal_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_profit_reports_year",
                table: "profit_reports",
                columns: new[] { "self_implementation_id", "year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "equity_grants");

            migrationBuilder.DropTable(
                name: "listings");

            migrationBuilder.DropTable(
                name: "profit_reports");

            migrationBuilder.DropColumn(
                name: "party",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "equity_total_shares",
                table: "deal_accounts");

            migrationBuilder.DropColumn(
                name: "remainder",
                table: "deal_accounts");
        }
    }
}
