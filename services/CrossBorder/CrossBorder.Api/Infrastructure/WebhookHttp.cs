using System.Net;
using System.Net.Sockets;
using CrossBorder.Api.Domain;

namespace CrossBorder.Api.Infrastructure;

/// <summary>
/// The HTTP client of webhook deliveries: every connection resolves the host and refuses it unless every address
/// passes <see cref="WebhookUrlPolicy"/> (so a DNS answer that changed since the subscription cannot reach inside),
/// and redirects are not followed (a redirect could point anywhere).
/// </summary>
public static class WebhookHttp
{
    public static IServiceCollection AddWebhookHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookDispatcher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the dispatcher times each attempt
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var allowLoopback = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.AllowLoopback;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    // A proxy would connect on our behalf, past the address check below.
                    UseProxy = false,
                    UseCookies = false,
                    ConnectTimeout = TimeSpan.FromSeconds(5),
                    ConnectCallback = async (context, ct) =>
                    {
                        var addresses = await ResolveAllowedAsync(context.DnsEndPoint.Host, allowLoopback, ct);
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                        try
                        {
                            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
            });
        return services;
    }

    /// <summary>The host's addresses when all of them are allowed; otherwise an error naming the rule.</summary>
    public static async Task<IPAddress[]> ResolveAllowedAsync(string host, bool allowLoopback, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (System.Net.Sockets.SocketException)
        {
            addresses = [];
        }
        // One answer for a name that does not resolve and one that resolves inside: the difference would tell an
        // exchange which internal names exist.
        if (addresses.Length == 0 || addresses.Any(a => !WebhookUrlPolicy.IsAllowed(a, allowLoopback)))
            throw new HttpRequestException(WebhookUrlPolicy.Refused);
        return addresses;
    }
}
