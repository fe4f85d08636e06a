using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Listing.Api.Infrastructure.Migrations
{
    /// <summary>
    /// Search (see Infrastructure/Search.cs): a stored tsvector of title (weight A) and abstract (weight B) in the
    /// 'english' configuration with a GIN index, and pg_trgm GIN indexes for substring matches (Chinese text).
    /// Hand-written: EF's model does not know the generated column, which only raw SQL reads.
    /// </summary>
    [DbContext(typeof(ListingDbContext))]
    [Migration("20261130140000_InventionSearch")]
    public partial class InventionSearch : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                ALTER TABLE inventions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', coalesce(content->>'title', '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(content->>'abstract', '')), 'B')) STORED;
                CREATE INDEX ix_inventions_search_vector ON inventions USING gin (search_vector);
                CREATE INDEX ix_inventions_title_trgm ON inventions USING gin ((content->>'title') gin_trgm_ops);
                CREATE INDEX ix_inventions_abstract_trgm ON inventions USING gin ((content->>'abstract') gin_trgm_ops);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_inventions_abstract_trgm;
                DROP INDEX ix_inventions_title_trgm;
                DROP INDEX ix_inventions_search_vector;
                ALTER TABLE inventions DROP COLUMN search_vector;
                """);
        }
    }
}
