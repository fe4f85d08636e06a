using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;

namespace Platform.Testing;

/// <summary>Per-test-assembly isolation: its own databases and its own RabbitMQ vhost.</summary>
public static class TestInfrastructure
{
    /// <summary>A connection string for a fresh database name (created by the service's migration step).</summary>
    public static async Task<string> NewDatabaseAsync(string prefix)
    {
        var servers = await TestServers.GetAsync();
        return new NpgsqlConnectionStringBuilder(servers.Postgres)
        {
            Database = $"t_{prefix}_{Guid.NewGuid():N}".ToLowerInvariant(), // under 63 bytes for any short prefix
            Pooling = true,
            MaxPoolSize = 20,
        }.ConnectionString;
    }

    /// <summary>Creates a vhost for the caller and returns the amqp URI pointing at it.</summary>
    public static async Task<Uri> NewVhostAsync(string prefix)
    {
        var servers = await TestServers.GetAsync();
        var vhost = $"t-{prefix}-{Guid.NewGuid():N}";
        using var http = ManagementClient(servers.RabbitMqManagement);
        (await http.PutAsync($"api/vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':')[0]);
        (await http.PutAsJsonAsync($"api/permissions/{vhost}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new UriBuilder(servers.RabbitMq) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri;
    }

    /// <summary>Number of messages waiting in a queue of a vhost (management API).</summary>
    public static async Task<int> QueueDepthAsync(Uri vhostUri, string queue)
    {
        var servers = await TestServers.GetAsync();
        using var http = ManagementClient(servers.RabbitMqManagement);
        var vhost = vhostUri.AbsolutePath.TrimStart('/');
        using var response = await http.GetAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var doc = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return doc.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt32() : 0;
    }

    /// <summary>A queue's type as RabbitMQ declared it ("classic", "quorum"), through the management API.</summary>
    public static async Task<string?> QueueTypeAsync(Uri vhostUri, string queue)
    {
        var servers = await TestServers.GetAsync();
        using var http = ManagementClient(servers.RabbitMqManagement);
        var doc = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/queues/{vhostUri.AbsolutePath.TrimStart('/')}/{Uri.EscapeDataString(queue)}");
        return doc.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static HttpClient ManagementClient(Uri management)
    {
        var http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/") };
        var credentials = Uri.UnescapeDataString(management.UserInfo);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }
}
