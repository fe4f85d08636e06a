using System.Net.Http.Headers;
using System.Text;

namespace Platform.Testing;

/// <summary>Tokens signed with the tests' own key (never a real secret).</summary>
public static class TestTokens
{
    public const string Key = "test-only-signing-key-of-the-test-suite-0000000";
    public static readonly byte[] KeyBytes = Encoding.UTF8.GetBytes(Key);

    /// <summary>The tests' Ed25519 ledger key (base64 of a 32-byte seed): never a real one.</summary>
    public const string LedgerKey = "dGVzdC1vbmx5LWxlZGdlci1rZXktbm90LXNlY3JldDA=";

    public static string For(string role, string? org = null) => PlatformTokens.Create(KeyBytes, role, org);

    public static HttpClient As(this HttpClient client, string role, string? org = null)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, org));
        return client;
    }
}
