using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Listing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RegisteredTenants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "registered_tenants",
                columns: table => new
                {
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    org = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_registered_tenants", x => new { x.role, x.org });
                });

            migrationBuilder.InsertData(
                table: "registered_tenants",
                columns: new[] { "org", "role", "name", "registered_at" },
                values: new object[,]
                {
                    { "BRTX", "exchange", "Brazil Technology Transfer Exchange (partner)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "EGTX", "exchange", "Egypt Technology Transfer Exchange (partner)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "KETX", "exchange", "Kenya Technology Transfer Exchange (partner)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "SHIPX", "exchange", "Shanghai Intellectual Property Exchange Center (上海知识产权交易中心)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "SSTPE", "exchange", "South-South Global Technology Property Exchange (南南全球技术产权交易所)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "STEX", "exchange", "Shanghai Technology Exchange (上海技术交易所)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "ecnu", "university", "East China Normal University (华东师范大学)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "fudan", "university", "Fudan University (复旦大学)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "shu", "university", "Shanghai University (上海大学)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "sjtu", "university", "Shanghai Jiao Tong University (上海交通大学)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { "tongji", "university", "Tongji University (同济大学)", new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) }
                });

            // Tenants the service already holds data of (TenantBackfill): registered here and published to the others.
            migrationBuilder.Sql(Platform.BuildingBlocks.Tenants.TenantBackfill.Sql("university", "SELECT university_id, university_id FROM inventions UNION SELECT university_id, university_id FROM listings"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "registered_tenants");
        }
    }
}
