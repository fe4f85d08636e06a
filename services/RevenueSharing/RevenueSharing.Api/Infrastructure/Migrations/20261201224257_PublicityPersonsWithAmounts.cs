using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PublicityPersonsWithAmounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "person_ids",
                table: "publicity_records",
                newName: "persons");
            // A record from before amounts were published names its persons with amount 0: it no longer covers a
            // payment (the rule needs the amount published), and says so plainly instead of guessing one.
            migrationBuilder.Sql("""
                UPDATE publicity_records SET persons = (
                    SELECT coalesce(jsonb_agg(jsonb_build_object('personId', p, 'amount', 0)), '[]'::jsonb)
                    FROM jsonb_array_elements_text(persons) AS p)
                WHERE jsonb_typeof(persons -> 0) = 'string';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE publicity_records SET persons = (
                    SELECT coalesce(jsonb_agg(p -> 'personId'), '[]'::jsonb) FROM jsonb_array_elements(persons) AS p)
                WHERE jsonb_typeof(persons -> 0) = 'object';
                """);
            migrationBuilder.RenameColumn(
                name: "persons",
                table: "publicity_records",
                newName: "person_ids");
        }
    }
}
