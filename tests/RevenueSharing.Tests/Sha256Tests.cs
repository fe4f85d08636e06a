using System.Security.Cryptography;
using CsCheck;

namespace RevenueSharing.Tests;

/// <summary>
/// The ledger's SHA-256 (libcrypto's low-level functions where they load, for speed) is SHA-256: it equals the
/// framework's on every length around the 64-byte block and on random inputs, with and without RFC 9162's prefix byte.
/// </summary>
public class Sha256Tests
{
    [Fact]
    public void The_low_level_OpenSSL_digest_is_used_on_Linux() =>
        Assert.Equal(OperatingSystem.IsLinux(), RevenueSharing.Rules.Sha256.UsesLowLevelOpenSsl);

    [Fact]
    public void Every_length_up_to_three_blocks_hashes_as_the_framework_does()
    {
        var data = new byte[200];
        new Random(9162).NextBytes(data);
        Span<byte> ours = stackalloc byte[32];
        Span<byte> prefixed = stackalloc byte[201];
        for (var length = 0; length <= data.Length; length++)
        {
            var input = data.AsSpan(0, length);
            RevenueSharing.Rules.Sha256.Hash(input, ours);
            Assert.Equal(SHA256.HashData(input), ours.ToArray());
            prefixed[0] = (byte)(length % 2);
            input.CopyTo(prefixed[1..]);
            RevenueSharing.Rules.Sha256.Hash((byte)(length % 2), input, ours);
            Assert.Equal(SHA256.HashData(prefixed[..(length + 1)]), ours.ToArray());
        }
    }

    [Fact]
    public void Random_inputs_hash_as_the_framework_does() =>
        Gen.Byte.Array[0, 5000].Sample(input => Assert.Equal(SHA256.HashData(input), RevenueSharing.Rules.Sha256.Hash(input)));
}
