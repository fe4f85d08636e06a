using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class FxRates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fx_rates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    rate_to_cny = table.Column<decimal>(type: "numeric(18,8)", precision: 18, scale: 8, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fx_rates", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_fx_rates_currency_date_recorded_at",
                table: "fx_rates",
                columns: new[] { "currency", "date", "recorded_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fx_rates");
        }
    }
}
