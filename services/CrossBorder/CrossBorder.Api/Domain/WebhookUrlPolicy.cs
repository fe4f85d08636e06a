using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Api.Domain;

/// <summary>
/// Server-side request forgery checks of webhook URLs (services/CrossBorder/README.md §8): https only, and no loopback, private,
/// link-local or otherwise internal address, unless the operator allows loopback (Webhooks:AllowLoopback, set by
/// ./platform up so an exchange can try its receiver on its own machine; then http is allowed on loopback only).
/// The addresses are checked when a subscription is made and again on every connection (DNS may change).
/// </summary>
public static class WebhookUrlPolicy
{
    public const int MaxLength = 2000;

    /// <summary>The one message for every host refused, whether it does not resolve or resolves to an address not allowed.</summary>
    public const string Refused = "The URL's host must resolve to public addresses only (server-side request forgery checks).";

    /// <summary>What is wrong with the URL on its own, or null.</summary>
    public static string? CheckShape(string? url, bool allowLoopback)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength) return $"Required: an absolute https URL, at most {MaxLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return "Not an absolute URL.";
        if (uri.UserInfo.Length > 0) return "A URL with credentials is not accepted: authenticate deliveries by their signature.";
        if (uri.Scheme == Uri.UriSchemeHttps) return null;
        if (uri.Scheme == Uri.UriSchemeHttp && allowLoopback && IsLoopbackHost(uri)) return null;
        return allowLoopback ? "https only (http is allowed on loopback in a local run)." : "https only.";
    }

    /// <summary>Whether the service may connect to the address.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return allowLoopback;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)  // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                // link-local (cloud metadata)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)     // IETF protocol assignments
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) // benchmarking
                || b[0] >= 224);                               // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            // Addresses that carry an IPv4 address inside (NAT64 64:ff9b::/96, 6to4 2002::/16, IPv4-compatible ::a.b.c.d)
            // could lead anywhere in IPv4: refused rather than decoded.
            var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;
            var sixToFour = b[0] == 0x20 && b[1] == 0x02;
            var ipv4Compatible = b.Take(12).All(x => x == 0);
            // IPv4-translated ::ffff:0:a.b.c.d (RFC 2765, ::ffff:0:0/96) and Teredo 2001::/32 (RFC 4380) carry IPv4 too.
            var ipv4Translated = b.Take(8).All(x => x == 0) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0;
            var teredo = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00;
            // IANA IPv6 special-purpose registry: documentation 2001:db8::/32, ORCHIDv2 2001:20::/28, benchmarking
            // 2001:2::/48, discard-only 100::/64, and the unspecified address.
            var documentation = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8;
            var orchid = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && (b[3] & 0xf0) == 0x20;
            var benchmarking = b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x02 && b[4] == 0 && b[5] == 0;
            var discard = b[0] == 0x01 && b[1] == 0x00 && b.Skip(2).Take(6).All(x => x == 0);
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                || nat64 || sixToFour || ipv4Compatible || ipv4Translated || teredo || documentation || orchid || benchmarking || discard
                || address.Equals(IPAddress.IPv6Any));
        }
        return false;
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var ip) && IPAddress.IsLoopback(ip));
}
