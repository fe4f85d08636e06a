using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace RevenueSharing.Rules.Merkle;

/// <summary>
/// A signed tree head: the platform states that its ledger had <see cref="TreeSize"/> entries with this root at this
/// time, signed with Ed25519. What is signed is the UTF-8 of
/// <c>"tech-transfer-platform/ledger\n{treeSize}\n{rootHash, lower-case hex}\n{timestamp, UTC, yyyy-MM-ddTHH:mm:ss.fffZ}\n"</c>
/// (one line each, like a transparency-log checkpoint), so a witness checks it with any Ed25519 library. Two valid
/// heads of the same size with different roots, or a later head not consistent with an earlier one, prove the log was
/// rewritten.
/// </summary>
public sealed record SignedTreeHead(long TreeSize, string RootHash, DateTimeOffset Timestamp, string Signature)
{
    public const string Origin = "tech-transfer-platform/ledger";

    public static byte[] Message(long treeSize, string rootHash, DateTimeOffset timestamp) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Origin}\n{treeSize}\n{rootHash}\n{timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\n"));

    /// <summary>Heads are timed to the millisecond, as signed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static SignedTreeHead Sign(Key key, long treeSize, byte[] root, DateTimeOffset timestamp)
    {
        var at = Truncate(timestamp);
        var rootHex = Convert.ToHexStringLower(root);
        var signature = SignatureAlgorithm.Ed25519.Sign(key, Message(treeSize, rootHex, at));
        return new SignedTreeHead(treeSize, rootHex, at, Convert.ToBase64String(signature));
    }

    /// <summary>Does the signature verify with this Ed25519 public key (32 raw bytes)?</summary>
    public bool VerifiesWith(ReadOnlySpan<byte> publicKey)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null) return false;
        byte[] signature;
        try { signature = Convert.FromBase64String(Signature); }
        catch (FormatException) { return false; }
        return RootHash.Length == 64 && SignatureAlgorithm.Ed25519.Verify(key, Message(TreeSize, RootHash, Timestamp), signature);
    }

    public byte[] RootBytes() => Convert.FromHexString(RootHash);
}

/// <summary>The platform's Ed25519 ledger key: a 32-byte seed, base64, from configuration.</summary>
public static class LedgerSigningKey
{
    public static Key FromSeed(string base64Seed)
    {
        var seed = Convert.FromBase64String(base64Seed);
        if (seed.Length != 32) throw new ArgumentException("The ledger signing key is a base64 Ed25519 seed of 32 bytes.");
        return Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
    }

    public static byte[] PublicKeyOf(Key key) => key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
}
