using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Listing.Tests;

/// <summary>Idempotency-Key (a BuildingBlocks middleware every service uses), on the listing service.</summary>
public class IdempotencyTests(ListingServiceFixture fixture) : IClassFixture<ListingServiceFixture>
{
    private static HttpRequestMessage Post(string key, string title) => new(HttpMethod.Post, "/api/inventions")
    {
        Headers = { { "Idempotency-Key", key } },
        Content = new StringContent($$"""
            {"title": "{{title}}", "abstract": "a", "field": "idem", "trl": 3,
             "contributors": [{"personId": "p-1", "name": "Li", "share": "1", "mainContributor": true}],
             "ipAssets": [], "rights": {"model": "unit_owned"}, "exportControl": {"class": "free"} }
            """, Encoding.UTF8, "application/json"),
    };

    private Task<int> CountAsync(string title) =>
        fixture.Service.WithDbAsync(db => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inventions WHERE content->>'title' = {title}").SingleAsync());

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_answer_and_creates_nothing()
    {
        var client = fixture.Client("university", "fudan");
        var key = Guid.NewGuid().ToString();
        var title = "Idempotent " + key;
        var first = await client.SendAsync(Post(key, title));
        var second = await client.SendAsync(Post(key, title));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync(title));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        var client = fixture.Client("university", "fudan");
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(key, "A " + key))).StatusCode);
        var other = await client.SendAsync(Post(key, "B " + key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("/problems/idempotency-key-reused", JsonNode.Parse(await other.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync("B " + key));
    }

    [Fact]
    public async Task Two_concurrent_requests_with_one_key_create_one_resource()
    {
        var key = Guid.NewGuid().ToString();
        var title = "Concurrent " + key;
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.Client("university", "fudan").SendAsync(Post(key, title))));
        Assert.Equal(1, await CountAsync(title));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_key_is_scoped_to_the_caller()
    {
        var key = Guid.NewGuid().ToString();
        var title = "Scoped " + key;
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("university", "fudan").SendAsync(Post(key, title))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client("university", "sjtu").SendAsync(Post(key, title))).StatusCode);
        Assert.Equal(2, await CountAsync(title));
    }

    [Fact]
    public async Task A_refused_request_frees_its_key()
    {
        var client = fixture.Client("university", "fudan");
        var key = Guid.NewGuid().ToString();
        var bad = Post(key, "");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(bad)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(key, "Fixed " + key))).StatusCode);
    }
}
