using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace CrossBorder.Api.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "deals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    university_id = table.Column<string>(type: "text", nullable: false),
                    exchange = table.Column<string>(type: "text", nullable: true),
                    mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    pricing_method = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    price_amount = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    price_currency = table.Column<string>(type: "text", nullable: false),
                    buyer_name = table.Column<string>(type: "text", nullable: false),
                    buyer_country = table.Column<string>(type: "text", nullable: false),
                    cross_border = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    export_licence_no = table.Column<string>(type: "text", nullable: true),
                    contract_effective_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    concluded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    publicity_ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    equity_total_shares = table.Column<long>(type: "bigint", nullable: true),
                    registrations = table.Column<string>(type: "jsonb", nullable: false),
                    flags = table.Column<string>(type: "jsonb", nullable: false),
                    listing = table.Column<string>(type: "jsonb", nullable: false),
                    export_class = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_listings",
                columns: table => new
                {
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    exchange = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchange_listings", x => new { x.listing_id, x.exchange });
                });

            migrationBuilder.CreateTable(
                name: "exchanges",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    country = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    is_cross_border_gateway = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_exchanges", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "export_catalogue",
                columns: table => new
                {
                    item = table.Column<string>(type: "text", nullable: false),
                    @class = table.Column<string>(name: "class", type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_export_catalogue", x => x.item);
                });

            migrationBuilder.CreateTable(
                name: "fx_rates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    rate_to_cny = table.Column<decimal>(type: "numeric", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fx_rates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_keys",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    response_body = table.Column<string>(type: "text", nullable: true),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    location = table.Column<string>(type: "text", nullable: true),
                    e_tag = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_idempotency_keys", x => new { x.scope, x.key });
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_messages", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "latest_valuations",
                columns: table => new
                {
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false),
                    valuation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    p10amount = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_latest_valuations", x => x.listing_id);
                });

            migrationBuilder.CreateTable(
                name: "linkages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "text", nullable: false),
                    to = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    condition = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_linkages", x => x.id);
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
                name: "outbox_messages",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    trace_parent = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.sequence);
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

            migrationBuilder.InsertData(
                table: "exchanges",
                columns: new[] { "code", "country", "currency", "is_cross_border_gateway", "name" },
                values: new object[,]
                {
                    { "BRTX", "BR", "BRL", false, "Brazil Technology Transfer Exchange (partner)" },
                    { "EGTX", "EG", "EGP", false, "Egypt Technology Transfer Exchange (partner)" },
                    { "KETX", "KE", "KES", false, "Kenya Technology Transfer Exchange (partner)" },
                    { "SHIPX", "CN", "CNY", false, "Shanghai Intellectual Property Exchange Center (上海知识产权交易中心)" },
                    { "SSTPE", "CN", "CNY", true, "South-South Global Technology Property Exchange (南南全球技术产权交易所)" },
                    { "STEX", "CN", "CNY", false, "Shanghai Technology Exchange (上海技术交易所)" }
                });

            migrationBuilder.InsertData(
                table: "linkages",
                columns: new[] { "id", "condition", "from", "kind", "to" },
                values: new object[,]
                {
                    { new Guid("0193a000-0000-7000-8000-000000000001"), "patent_assets", "STEX", "CoListing", "SHIPX" },
                    { new Guid("0193a000-0000-7000-8000-000000000002"), null, "SSTPE", "CrossBorder", "KETX" },
                    { new Guid("0193a000-0000-7000-8000-000000000003"), null, "SSTPE", "CrossBorder", "BRTX" },
                    { new Guid("0193a000-0000-7000-8000-000000000004"), null, "SSTPE", "CrossBorder", "EGTX" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_deals_listing_id_status",
                table: "deals",
                columns: new[] { "listing_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ux_deals_one_exclusive_concluded",
                table: "deals",
                column: "listing_id",
                unique: true,
                filter: "status = 'Concluded' AND mode IN ('Transfer', 'ExclusiveLicence')");

            migrationBuilder.CreateIndex(
                name: "ix_fx_rates_currency_date_recorded_at",
                table: "fx_rates",
                columns: new[] { "currency", "date", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_idempotency_keys_created_at",
                table: "idempotency_keys",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_linkages_from_to_kind",
                table: "linkages",
                columns: new[] { "from", "to", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_objections_deal_id",
                table: "objections",
                column: "deal_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_message_id",
                table: "outbox_messages",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unpublished",
                table: "outbox_messages",
                column: "sequence",
                filter: "published_at IS NULL AND failed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calendar_days");

            migrationBuilder.DropTable(
                name: "deals");

            migrationBuilder.DropTable(
                name: "exchange_listings");

            migrationBuilder.DropTable(
                name: "exchanges");

            migrationBuilder.DropTable(
                name: "export_catalogue");

            migrationBuilder.DropTable(
                name: "fx_rates");

            migrationBuilder.DropTable(
                name: "idempotency_keys");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "latest_valuations");

            migrationBuilder.DropTable(
                name: "linkages");

            migrationBuilder.DropTable(
                name: "listings");

            migrationBuilder.DropTable(
                name: "objections");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "university_notice_policies");
        }
    }
}
