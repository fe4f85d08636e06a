using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Listing.Api.Infrastructure.Migrations
{
    /// <summary>
    /// The service's runtime login role (ListingDbContext.AppRole): the running service logs in as it, not as the schema's
    /// owner, so it can read and write rows but not change the schema (deploy/k8s: the operator may make the role).
    /// </summary>
    public partial class RuntimeRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Platform.BuildingBlocks.Persistence.RuntimeRoleSql.Grant(ListingDbContext.AppRole));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Platform.BuildingBlocks.Persistence.RuntimeRoleSql.Revoke(ListingDbContext.AppRole));
    }
}
