using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CrossBorder.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CalendarArrangement2026 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "calendar_days",
                columns: new[] { "date", "name", "working" },
                values: new object[,]
                {
                    { new DateOnly(2026, 1, 2), "New Year's Day (调休 2026)", false },
                    { new DateOnly(2026, 1, 4), "Make-up working day (调休 2026)", true },
                    { new DateOnly(2026, 2, 14), "Make-up working day (调休 2026)", true },
                    { new DateOnly(2026, 2, 20), "Spring Festival (调休 2026)", false },
                    { new DateOnly(2026, 2, 23), "Spring Festival (调休 2026)", false },
                    { new DateOnly(2026, 2, 28), "Make-up working day (调休 2026)", true },
                    { new DateOnly(2026, 4, 6), "Qingming (调休 2026)", false },
                    { new DateOnly(2026, 5, 4), "Labour Day (调休 2026)", false },
                    { new DateOnly(2026, 5, 5), "Labour Day (调休 2026)", false },
                    { new DateOnly(2026, 5, 9), "Make-up working day (调休 2026)", true },
                    { new DateOnly(2026, 9, 20), "Make-up working day (调休 2026)", true },
                    { new DateOnly(2026, 10, 5), "National Day (调休 2026)", false },
                    { new DateOnly(2026, 10, 6), "National Day (调休 2026)", false },
                    { new DateOnly(2026, 10, 7), "National Day (调休 2026)", false },
                    { new DateOnly(2026, 10, 10), "Make-up working day (调休 2026)", true }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 1, 2));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 1, 4));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 2, 14));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 2, 20));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 2, 23));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 2, 28));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 4, 6));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 5, 4));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 5, 5));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 5, 9));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 9, 20));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 10, 5));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 10, 6));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 10, 7));

            migrationBuilder.DeleteData(
                table: "calendar_days",
                keyColumn: "date",
                keyValue: new DateOnly(2026, 10, 10));
        }
    }
}
