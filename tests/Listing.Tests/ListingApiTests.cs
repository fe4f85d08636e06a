using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;

namespace Listing.Tests;

public class ListingApiTests(ListingServiceFixture fixture) : IClassFixture<ListingServiceFixture>
{
    private static string InventionJson(string title = "Electrolyte", string shares = "\"0.60\", \"0.40\"") => $$"""
        {"title": "{{title}}", "abstract": "a", "field": "new_energy", "ipcClass": "H01M", "trl": 4,
         "contributors": [
           {"personId": "p-1", "name": "Li", "share": {{shares.Split(',')[0]}}, "mainContributor": true, "role": "inventor", "unitHead": false, "leadershipPost": false},
           {"personId": "p-2", "name": "Wang", "share": {{shares.Split(',')[1]}}, "mainContributor": false, "role": "transfer_staff", "unitHead": false, "leadershipPost": false}],
         "ipAssets": [{"kind": "patent", "number": "CN1", "jurisdiction": "CN", "status": "granted"}],
         "rights": {"model": "unit_owned"}, "exportControl": {"class": "free", "dualUse": false} }
        """;

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<int> CountInventionsAsync(string university) =>
        fixture.Service.WithDbAsync(db => db.Inventions.CountAsync(i => i.UniversityId == university));

    [Fact]
    public async Task Creating_an_invention_answers_201_with_location_etag_and_the_resource()
    {
        var response = await fixture.Client("university", "fudan").PostAsync("/api/inventions", Body(InventionJson()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"/api/inventions/{body["id"]}", response.Headers.Location!.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("fudan", body["universityId"]!.GetValue<string>());
        Assert.Equal("0.60", body["contributors"]![0]!["share"]!.GetValue<string>());
        Assert.Equal("transfer_staff", body["contributors"]![1]!["role"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"title\": ", "$.title")] // malformed JSON
    [InlineData("{\"trl\": \"4\"}", "$.trl")] // a string where a number belongs
    [InlineData("{\"rights\": {\"model\": \"owned_by_everyone\"}}", "$.rights.model")] // unknown enum
    [InlineData("{\"contributors\": [{\"share\": \"0.1.2\"}]}", "$.contributors[0].share")] // not a decimal
    [InlineData("{\"contributors\": [{\"share\": \"123456789012345678901234567890.5\"}]}", "$.contributors[0].share")] // too many digits
    public async Task Malformed_bodies_are_400_naming_the_json_path_and_write_nothing(string json, string field)
    {
        var university = "bad-json-" + Guid.NewGuid().ToString("N")[..6];
        var response = await fixture.Client("university", university).PostAsync("/api/inventions", Body(json));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await CountInventionsAsync(university));
    }

    [Fact]
    public async Task Shares_not_summing_to_one_are_400_and_nothing_is_written()
    {
        var university = "sum-" + Guid.NewGuid().ToString("N")[..6];
        var response = await fixture.Client("university", university).PostAsync("/api/inventions", Body(InventionJson(shares: "\"0.60\", \"0.30\"")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("sum to exactly 1", problem["errors"]!["contributors"]![0]!.GetValue<string>());
        Assert.Equal(0, await CountInventionsAsync(university));
    }

    [Fact]
    public async Task Replacing_needs_if_match_and_refuses_a_stale_one()
    {
        var client = fixture.Client("university", "fudan");
        var created = JsonNode.Parse(await (await client.PostAsync("/api/inventions", Body(InventionJson()))).Content.ReadAsStringAsync())!;
        var path = $"/api/inventions/{created["id"]}";

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.PutAsync(path, Body(InventionJson("v2")))).StatusCode);

        var put = new HttpRequestMessage(HttpMethod.Put, path) { Content = Body(InventionJson("v2")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await client.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, path) { Content = Body(InventionJson("v3")) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        var current = JsonNode.Parse(await client.GetStringAsync(path))!;
        Assert.Equal("v2", current["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_owning_university_changes_an_invention()
    {
        var created = JsonNode.Parse(await (await fixture.Client("university", "fudan").PostAsync("/api/inventions", Body(InventionJson()))).Content.ReadAsStringAsync())!;
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/inventions/{created["id"]}") { Content = Body(InventionJson("taken")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("university", "sjtu").SendAsync(put)).StatusCode);
    }

    [Fact]
    public async Task Publishing_writes_the_event_to_the_outbox_with_the_change_and_only_once()
    {
        var client = fixture.Client("university", "fudan");
        var invention = JsonNode.Parse(await (await client.PostAsync("/api/inventions", Body(InventionJson()))).Content.ReadAsStringAsync())!;
        var listing = await client.PostAsJsonAsync("/api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { "transfer" },
            pricing = new { method = "exchange_listing", askingPrice = new { amount = "10.00", currency = "CNY" } }, exchanges = new[] { "STEX" },
        });
        Assert.Equal(HttpStatusCode.Created, listing.StatusCode);
        var id = JsonNode.Parse(await listing.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/listings/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/listings/{id}/publish", null)).StatusCode);

        var events = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("Listing.Contracts.ListingPublished")).Select(m => m.Body).ToListAsync());
        var mine = events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("listing"))
            .Where(l => l.GetProperty("listingId").GetString() == id).ToList();
        var snapshot = Assert.Single(mine);
        Assert.Equal("published", snapshot.GetProperty("status").GetString());
        Assert.Equal(2, snapshot.GetProperty("version").GetInt64());
        Assert.Equal(2, snapshot.GetProperty("contributors").GetArrayLength());
    }

    private async Task<(HttpClient Client, string InventionId, string ListingId)> PublishedListingAsync(string mode = "transfer")
    {
        var client = fixture.Client("university", "fudan");
        var invention = JsonNode.Parse(await (await client.PostAsync("/api/inventions", Body(InventionJson()))).Content.ReadAsStringAsync())!;
        var listing = await client.PostAsJsonAsync("/api/listings", new
        {
            inventionId = invention["id"]!.GetValue<string>(), modes = new[] { mode }, pricing = new { method = "auction" }, exchanges = new[] { "STEX" },
        });
        var id = JsonNode.Parse(await listing.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/listings/{id}/publish", null)).StatusCode);
        return (client, invention["id"]!.GetValue<string>(), id);
    }

    [Fact]
    public async Task Changing_the_invention_of_an_offered_listing_sends_listing_updated_with_the_new_contributors()
    {
        var (client, inventionId, listingId) = await PublishedListingAsync();
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/inventions/{inventionId}") { Content = Body(InventionJson(shares: "\"0.50\", \"0.50\"")) };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);

        var updates = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("Listing.Contracts.ListingUpdated")).Select(m => m.Body).ToListAsync());
        var snapshot = updates.Select(u => JsonDocument.Parse(u).RootElement.GetProperty("listing"))
            .Single(l => l.GetProperty("listingId").GetString() == listingId);
        Assert.Equal(3, snapshot.GetProperty("version").GetInt64());
        Assert.Equal(0.50m, snapshot.GetProperty("contributors")[0].GetProperty("share").GetDecimal());
    }

    [Fact]
    public async Task A_concluded_transfer_ends_the_offer()
    {
        var (client, _, listingId) = await PublishedListingAsync();
        var bus = fixture.Service.Services.GetRequiredService<MassTransit.IBus>();
        await bus.Publish(new CrossBorder.Contracts.DealConcluded
        {
            OccurredAt = DateTimeOffset.UtcNow,
            Deal = new CrossBorder.Contracts.DealSnapshot
            {
                Id = Guid.CreateVersion7(), ListingId = Guid.Parse(listingId), UniversityId = "fudan", Exchange = "STEX", Mode = "transfer",
                PricingMethod = "auction", Price = Platform.BuildingBlocks.Monetary.Money.Cny(1m),
                Buyer = new CrossBorder.Contracts.BuyerSnapshot { Name = "B", Country = "CN" }, CrossBorder = false, Status = "concluded",
                Registrations = [], Flags = [], ExportControlClass = "free", Rights = new Listing.Contracts.RightsSnapshot { Model = "unit_owned" },
                IpAssets = [], DealVersion = 1,
            },
        });
        await Platform.Testing.Eventually.TrueAsync(async () =>
            JsonNode.Parse(await client.GetStringAsync($"/api/listings/{listingId}"))!["status"]!.GetValue<string>() == "transferred",
            what: "the listing to be transferred");
    }

    [Fact]
    public async Task Withdrawing_sends_listing_withdrawn_and_ends_the_lifecycle()
    {
        var (client, _, listingId) = await PublishedListingAsync();
        var withdrawn = JsonNode.Parse(await (await client.PostAsync($"/api/listings/{listingId}/withdraw", null)).Content.ReadAsStringAsync())!;
        Assert.Equal("withdrawn", withdrawn["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/listings/{listingId}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/listings/{listingId}/publish", null)).StatusCode);
        var events = await fixture.Service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("Listing.Contracts.ListingWithdrawn")).Select(m => m.Body).ToListAsync());
        Assert.Contains(events, e => e.Contains(listingId));
    }

    [Fact]
    public async Task The_openapi_document_is_anonymous_and_carries_request_examples()
    {
        var document = JsonNode.Parse(await fixture.Client().GetStringAsync("/openapi/v1.json"))!;
        var example = document["paths"]!["/api/inventions"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("Solid-state electrolyte for sodium batteries", example["title"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/listings/{id}/publish"]);
    }

    [Fact]
    public async Task A_listing_needs_modes_pricing_and_exchanges()
    {
        var response = await fixture.Client("university", "fudan").PostAsJsonAsync("/api/listings", new { inventionId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Contains("modes", errors.Select(e => e.Key));
        Assert.Contains("pricing.method", errors.Select(e => e.Key));
        Assert.Contains("exchanges", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Roles_and_tokens_are_checked_by_the_service_itself()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Client().PostAsync("/api/inventions", Body(InventionJson()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("exchange", "STEX").PostAsync("/api/inventions", Body(InventionJson()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("auditor").PostAsync("/api/inventions", Body(InventionJson()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Client("janitor", "fudan").GetAsync($"/api/inventions/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client("auditor").GetAsync($"/api/inventions/{Guid.NewGuid()}")).StatusCode);
    }
}
