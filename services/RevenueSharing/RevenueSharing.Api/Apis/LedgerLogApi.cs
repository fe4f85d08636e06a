using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Api.Apis;

/// <summary>
/// The ledger's Merkle log over the API (services/RevenueSharing/README.md §7): signed heads, inclusion and
/// consistency proofs (RFC 9162), and the public key that verifies the heads. Heads and consistency proofs hold no
/// personal data, so every role may fetch them: exchanges witness the log. Inclusion proofs name an entry, and go to
/// auditors like the entries themselves.
/// </summary>
public static class LedgerLogApi
{
    public const string KeyPath = "/.well-known/ledger-key";

    public static IEndpointRouteBuilder MapLedgerLogApi(this IEndpointRouteBuilder app)
    {
        var all = new[] { PlatformRoles.Admin, PlatformRoles.Auditor, PlatformRoles.Exchange, PlatformRoles.University };
        app.MapGet("/api/audit/heads", GetHeads).WithTags("Audit").RequireRoles(all);
        app.MapGet("/api/audit/heads/latest", GetLatestHead).WithTags("Audit").RequireRoles(all).ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/audit/proofs/consistency", GetConsistencyProof).WithTags("Audit").RequireRoles(all)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/audit/proofs/inclusion", GetInclusionProof).WithTags("Audit").RequireAuthorization(PlatformRoles.Auditor)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet(KeyPath, GetKey).WithTags("Audit").AllowAnonymous();
        return app;
    }

    public sealed record HeadView(long TreeSize, string RootHash, DateTimeOffset Timestamp, string Signature)
    {
        public static HeadView From(SignedTreeHead h) => new(h.TreeSize, h.RootHash, h.Timestamp, h.Signature);
    }

    public sealed record InclusionProofView(long Entry, long LeafIndex, long TreeSize, string LeafHash, string RootHash, IReadOnlyList<string> AuditPath);

    public sealed record ConsistencyProofView(long From, long To, string FromRootHash, string ToRootHash, IReadOnlyList<string> Proof);

    public sealed record KeyView(string Algorithm, string PublicKey, string Origin, string SignedMessage);

    public static Ok<KeyView> GetKey(LedgerKey key) => TypedResults.Ok(new KeyView("Ed25519", Convert.ToBase64String(key.PublicKey),
        SignedTreeHead.Origin, "origin \\n treeSize \\n rootHash (hex) \\n timestamp (UTC, yyyy-MM-ddTHH:mm:ss.fffZ) \\n, UTF-8"));

    /// <summary>
    /// The one list whose cursor is public rather than opaque: the last tree size seen, which a witness knows without
    /// asking (and the committed OpenAPI document types as an integer).
    /// </summary>
    private static readonly Keyset<Domain.SignedHead, long> HeadsBySize = Keyset.By<Domain.SignedHead, long>(h => h.TreeSize,
        format: size => size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Signed heads in order of size; <c>cursor</c> is the last size seen.</summary>
    public static async Task<Ok<Page<HeadView>>> GetHeads(long? cursor, int? limit, RevenueDbContext db, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var size = PageCursor.Limit(errors, limit);
        errors.ThrowIfAny();
        var page = await db.SignedHeads.AsNoTracking().KeysetPageAsync(HeadsBySize, new PageRequest<long>(size, cursor is not null, cursor ?? 0), ct);
        return TypedResults.Ok(page.Map(h => HeadView.From(LedgerLog.ToSigned(h))));
    }

    public static async Task<Ok<HeadView>> GetLatestHead(RevenueDbContext db, CancellationToken ct) =>
        TypedResults.Ok(HeadView.From(LedgerLog.ToSigned(await LatestAsync(db, ct) ?? throw ProblemException.NotFound("Signed head"))));

    private static Task<Domain.SignedHead?> LatestAsync(RevenueDbContext db, CancellationToken ct) =>
        db.SignedHeads.AsNoTracking().OrderByDescending(h => h.TreeSize).FirstOrDefaultAsync(ct);

    /// <summary>That the entry with sequence <c>entry</c> is leaf entry − 1 of the tree of <c>treeSize</c> (default: the latest signed head).</summary>
    public static async Task<Ok<InclusionProofView>> GetInclusionProof([Required] long? entry, long? treeSize, RevenueDbContext db, CancellationToken ct)
    {
        var size = treeSize ?? (await LatestAsync(db, ct))?.TreeSize ?? 0;
        var logged = await LedgerLog.SizeAsync(db, ct);
        new ValidationErrors()
            .Check(entry is >= 1, "entry", "Required: the sequence of a ledger entry (1 or more).")
            .Check(treeSize is null or >= 1, "treeSize", "1 or more.")
            .ThrowIfAny();
        if (size < entry || size > logged)
            throw ProblemException.Rule("not-in-log", "The entry is not in a tree of that size.",
                $"The log holds {logged} entries; the entry must be at most treeSize, and treeSize at most the log's size.");
        var proof = await ProofAsync(db, entry!.Value, size, ct);
        return TypedResults.Ok(proof);
    }

    /// <summary>The inclusion proofs of several entries in one tree, reading the nodes they need at once.</summary>
    public static async Task<IReadOnlyList<InclusionProofView>> ProofsAsync(RevenueDbContext db, IReadOnlyList<long> entries, long size, CancellationToken ct)
    {
        var ranges = entries.Select(e => MerkleTree.InclusionRanges(e - 1, size)).ToList();
        var hashes = await LedgerLog.ProofsAsync(db, [.. ranges, [new MerkleTree.Range(0, size)], .. entries.Select(e => (IReadOnlyList<MerkleTree.Range>)[new MerkleTree.Range(e - 1, e)])], ct);
        var root = Convert.ToHexStringLower(hashes[entries.Count][0]);
        return entries.Select((e, i) => new InclusionProofView(e, e - 1, size, Convert.ToHexStringLower(hashes[entries.Count + 1 + i][0]), root,
            hashes[i].Select(Convert.ToHexStringLower).ToList())).ToList();
    }

    private static async Task<InclusionProofView> ProofAsync(RevenueDbContext db, long entry, long size, CancellationToken ct) =>
        (await ProofsAsync(db, [entry], size, ct))[0];

    /// <summary>That the tree of <c>from</c> entries is a prefix of the tree of <c>to</c> (default: the latest signed head).</summary>
    public static async Task<Ok<ConsistencyProofView>> GetConsistencyProof([Required] long? from, long? to, RevenueDbContext db, CancellationToken ct)
    {
        var size = to ?? (await LatestAsync(db, ct))?.TreeSize ?? 0;
        var logged = await LedgerLog.SizeAsync(db, ct);
        new ValidationErrors()
            .Check(from is >= 1, "from", "Required: the size of the earlier tree (1 or more).")
            .Check(to is null or >= 1, "to", "1 or more.")
            .ThrowIfAny();
        if (from > size || size > logged)
            throw ProblemException.Rule("not-in-log", "No such pair of trees.",
                $"The log holds {logged} entries; from must be at most to, and to at most the log's size.");
        var hashes = await LedgerLog.ProofsAsync(db,
            [MerkleTree.ConsistencyRanges(from!.Value, size), [new MerkleTree.Range(0, from.Value)], [new MerkleTree.Range(0, size)]], ct);
        return TypedResults.Ok(new ConsistencyProofView(from.Value, size, Convert.ToHexStringLower(hashes[1][0]), Convert.ToHexStringLower(hashes[2][0]),
            hashes[0].Select(Convert.ToHexStringLower).ToList()));
    }
}
