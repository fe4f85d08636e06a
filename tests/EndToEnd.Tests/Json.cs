using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EndToEnd.Tests;

/// <summary>Small helpers to speak the API's JSON (README.md, API) without the services' types (a client's view).</summary>
public static class Json
{
    public static async Task<JsonNode> ReadAsync(this HttpResponseMessage response, HttpStatusCode expected, string? logs = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    public static decimal Amount(this JsonNode? money) => decimal.Parse(money!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
