using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Listing.Tests;

/// <summary>Search on real PostgreSQL: full text, Chinese substrings, ranking, filters, keyset pages.</summary>
public class SearchTests(ListingServiceFixture fixture) : IClassFixture<ListingServiceFixture>
{
    private async Task<string> CreateAsync(string title, string @abstract, string field, int trl = 4, string university = "fudan")
    {
        var response = await fixture.Client("university", university).PostAsJsonAsync("/api/inventions", new
        {
            title, @abstract, field, trl,
            contributors = new[] { new { personId = "p-1", name = "Li", share = "1", mainContributor = true } },
            ipAssets = Array.Empty<object>(), rights = new { model = "unit_owned" }, exportControl = new { @class = "free" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> GetAsync(string query) =>
        JsonNode.Parse(await fixture.Client("auditor").GetStringAsync("/api/inventions?" + query))!;

    private static List<string> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_title_match_ranks_above_an_abstract_match()
    {
        var field = "rank-" + Guid.NewGuid().ToString("N")[..8];
        var inAbstract = await CreateAsync("Battery housing", "Made of graphene sheets for strength.", field);
        var inTitle = await CreateAsync("Graphene membranes", "Water filtration at scale.", field);
        await CreateAsync("Unrelated", "Nothing to see.", field);
        var found = Ids(await GetAsync($"q=graphene&field={field}"));
        Assert.Equal([inTitle, inAbstract], found);
    }

    [Fact]
    public async Task English_stems_match_and_Chinese_substrings_match()
    {
        var field = "lang-" + Guid.NewGuid().ToString("N")[..8];
        var english = await CreateAsync("Electrolytes for sodium batteries", "Solid state.", field);
        var chinese = await CreateAsync("钠离子电池固态电解质", "室温下高离子电导率的固态电解质。", field);
        Assert.Equal([english], Ids(await GetAsync($"q=battery&field={field}"))); // stemmed: batteries ~ battery
        Assert.Equal([chinese], Ids(await GetAsync($"q={Uri.EscapeDataString("固态电解")}&field={field}")));
        Assert.Equal([chinese], Ids(await GetAsync($"q={Uri.EscapeDataString("电导率")}&field={field}")));
    }

    [Fact]
    public async Task Filters_by_field_trl_and_university()
    {
        var field = "filter-" + Guid.NewGuid().ToString("N")[..8];
        var low = await CreateAsync("Low", "a", field, trl: 2);
        var high = await CreateAsync("High", "a", field, trl: 7, university: "sjtu");
        Assert.Equal([high], Ids(await GetAsync($"field={field}&trlMin=5")));
        Assert.Equal([low], Ids(await GetAsync($"field={field}&universityId=fudan")));
    }

    [Fact]
    public async Task Pages_never_repeat_or_skip_while_rows_are_inserted_between_them()
    {
        var field = "page-" + Guid.NewGuid().ToString("N")[..8];
        var original = new List<string>();
        for (var i = 0; i < 23; i++) original.Add(await CreateAsync($"Item {i}", "a", field));

        var seen = new List<string>();
        string? cursor = null;
        var inserted = 0;
        do
        {
            var page = await GetAsync($"field={field}&limit=5" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            cursor = page["nextCursor"]?.GetValue<string>();
            await CreateAsync($"Inserted {inserted++}", "a", field); // between pages
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(original, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task Pages_of_a_ranked_search_never_repeat_or_skip()
    {
        var field = "rpage-" + Guid.NewGuid().ToString("N")[..8];
        var all = new List<string>();
        for (var i = 0; i < 12; i++)
            all.Add(await CreateAsync(i % 2 == 0 ? $"Catalyst {i}" : $"Other {i}", i % 2 == 0 ? "x" : "A catalyst inside.", field));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync($"q=catalyst&field={field}&limit=4" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            seen.AddRange(Ids(page));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(all.OrderBy(x => x), seen.OrderBy(x => x));
        Assert.All(seen.Take(6), id => Assert.Contains(all.IndexOf(id) % 2, new[] { 0 })); // the six title matches first
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("trlMin=10", "trlMin")]
    public async Task Bad_search_parameters_are_400(string query, string field)
    {
        var response = await fixture.Client("auditor").GetAsync("/api/inventions?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task Listings_are_found_by_status_mode_exchange_and_text()
    {
        var field = "listing-" + Guid.NewGuid().ToString("N")[..8];
        var inventionId = await CreateAsync("Quantum sensor " + field, "a", field);
        var client = fixture.Client("university", "fudan");
        var created = await client.PostAsJsonAsync("/api/listings", new
        {
            inventionId, modes = new[] { "exclusive_licence" }, pricing = new { method = "auction" }, exchanges = new[] { "SHIPX" },
        });
        var listingId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await client.PostAsync($"/api/listings/{listingId}/publish", null);

        async Task<List<string>> Find(string query) => JsonNode.Parse(await client.GetStringAsync("/api/listings?" + query))!["items"]!
            .AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(listingId, await Find($"q={Uri.EscapeDataString(field)}&status=published&mode=exclusive_licence&exchange=SHIPX"));
        Assert.DoesNotContain(listingId, await Find($"q={Uri.EscapeDataString(field)}&status=draft"));
        Assert.DoesNotContain(listingId, await Find($"q={Uri.EscapeDataString(field)}&exchange=STEX"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/listings?status=sold")).StatusCode);
    }
}
