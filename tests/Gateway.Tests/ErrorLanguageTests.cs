using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tests;

/// <summary>
/// Binding and JSON errors speak the client's language (issue #13): the field and what it takes, never a .NET type
/// name (the fuzzer found "Nullable&lt;Guid&gt; listingId" and "System.Collections.Generic.IReadOnlyList`1[...]").
/// </summary>
[Collection(PlatformBehindGateway.Collection)]
public class ErrorLanguageTests(PlatformBehindGateway platform)
{
    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable", body, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", body, StringComparison.Ordinal);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_names_the_parameter_and_what_it_takes()
    {
        var problem = await ProblemAsync(await platform.Client("auditor").GetAsync("/api/valuations?listingId=not-a-uuid"));
        Assert.Equal("Expected a UUID.", problem["errors"]!["listingId"]![0]!.GetValue<string>());
        problem = await ProblemAsync(await platform.Client("auditor").GetAsync("/api/audit/heads?limit=many"));
        Assert.Equal("Expected an integer.", problem["errors"]!["limit"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_value_of_the_wrong_json_type_says_which_json_type_was_expected()
    {
        var problem = await ProblemAsync(await platform.Client("university", "fudan").PostAsJsonAsync("/api/inventions",
            new { title = "A title", contributors = 5 }));
        Assert.Equal("The value is not an array.", problem["errors"]!["$.contributors"]![0]!.GetValue<string>());
        problem = await ProblemAsync(await platform.Client("university", "fudan").PostAsJsonAsync("/api/inventions", new { title = 5 }));
        Assert.Equal("The value is not a string.", problem["errors"]!["$.title"]![0]!.GetValue<string>());
    }
}
