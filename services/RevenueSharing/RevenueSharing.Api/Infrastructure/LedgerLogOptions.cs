using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// How the ledger's Merkle log is kept and signed (section Ledger:Log): entries are added to the tree every
/// <see cref="IntegrateInterval"/>, and a head is signed once <see cref="SignEveryEntries"/> entries are unsigned or
/// the oldest unsigned entry has waited <see cref="SignEvery"/>.
/// </summary>
public sealed class LedgerLogOptions
{
    public TimeSpan IntegrateInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int SignEveryEntries { get; set; } = 1000;
    public TimeSpan SignEvery { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Entries read and added per transaction, so a long backlog is caught up in steps.</summary>
    public int BatchSize { get; set; } = 10_000;
}

/// <summary>
/// The deployment's Ed25519 ledger key: <c>Ledger:SigningKey</c>, the base64 of a 32-byte seed. Development has a
/// committed default (its public key is in the README) so that a fresh checkout runs; any other environment must set
/// one, and the committed default is refused there: anyone could sign heads with it.
/// </summary>
public sealed class LedgerKey(NSec.Cryptography.Key key)
{
    /// <summary>LOCAL DEVELOPMENT DEFAULT, NOT A SECRET.</summary>
    public const string LocalDevelopmentSeed = "bG9jYWwtZGV2ZWxvcG1lbnQtbGVkZ2VyLWtleS0wMDE=";

    public NSec.Cryptography.Key Key { get; } = key;
    public byte[] PublicKey { get; } = LedgerSigningKey.PublicKeyOf(key);

    public static LedgerKey Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var seed = Platform.BuildingBlocks.Hosting.DeploymentSecret.Resolve(configuration, environment, "Ledger:SigningKey", LocalDevelopmentSeed,
            "Set it to the base64 of 32 random bytes (openssl rand -base64 32).");
        return new LedgerKey(LedgerSigningKey.FromSeed(seed));
    }
}
