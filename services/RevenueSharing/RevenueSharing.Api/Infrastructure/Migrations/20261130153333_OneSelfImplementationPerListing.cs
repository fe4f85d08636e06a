using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevenueSharing.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OneSelfImplementationPerListing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ux_deal_accounts_one_self_implementation",
                table: "deal_accounts",
                column: "listing_id",
                unique: true,
                filter: "mode = 'self_implementation'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_deal_accounts_one_self_implementation",
                table: "deal_accounts");
        }
    }
}
