using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CrossBorder.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PublicNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "publicity_ends_at",
                table: "deals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "calendar_days",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    working = table.Column<bool>(type: "boolean", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_days", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "objections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    deal_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    raised_by = table.Column<string>(type: "text", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolution = table.Column<string>(type: "text", nullable: true),
                    resolved_by = table.Column<string>(type: "text", nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_objections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "university_notice_policies",
                columns: table => new
                {
                    university_id = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    publicity_working_days = table.Column<int>(type: "integer", nullable: false),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_university_notice_policies", x => new { x.university_id, x.version });
                });

            migrationBuilder.InsertData(
                table: "calendar_days",
                columns: new[] { "date", "name", "working" },
                values: new object[,]
                {
                    { new DateOnly(2026, 1, 1), "New Year's Day", false },
                    { new DateOnly(2026, 2, 16), "Spring Festival", false },
                    { new DateOnly(2026, 2, 17), "Spring Festival", false },
                    { new DateOnly(2026, 2, 18), "Spring Festival", false },
                    { new DateOnly(2026, 2, 19), "Spring Festival", false },
                    { new DateOnly(2026, 4, 5), "Qingming", false },
                    { new DateOnly(2026, 5, 1), "Labour Day", false },
                    { new DateOnly(2026, 5, 2), "Labour Day", false },
                    { new DateOnly(2026, 6, 19), "Dragon Boat Festival", false },
                    { new DateOnly(2026, 9, 25), "Mid-Autumn Festival", false },
                    { new DateOnly(2026, 10, 1), "National Day", false },
                    { new DateOnly(2026, 10, 2), "National Day", false },
                    { new DateOnly(2026, 10, 3), "National Day", false },
                    { new DateOnly(2027, 1, 1), "New Year's Day", false },
                    { new DateOnly(2027, 2, 5), "Spring Festival", false },
                    { new DateOnly(2027, 2, 6), "Spring Festival", false },
                    { new DateOnly(2027, 2, 7), "Spring Festival", false },
                    { new DateOnly(2027, 2, 8), "Spring Festival", false },
                    { new DateOnly(2027, 4, 5), "Qingming", false },
                    { new DateOnly(2027, 5, 1), "Labour Day", false },
                    { new DateOnly(2027, 5, 2), "Labour Day", false },
                    { new DateOnly(2027, 6, 9), "Dragon Boat Festival", false },
                    { new DateOnly(2027, 9, 15), "Mid-Autumn Festival", false },
                    { new DateOnly(2027, 10, 1), "National Day", false },
                    { new DateOnly(2027, 10, 2), "National Day", false },
                    { new DateOnly(2027, 10, 3), "National Day", false }
                });

            migrationBuilder.CreateIndex(
                name: "ix_objections_deal_id",
                table: "objections",
                column: "deal_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "objections");

            migrationBuilder.DropTable(
                name: "university_notice_policies");

            migrationBuilder.DropColumn(
                name: "publicity_ends_at",
                table: "deals");
        }
    }
}
