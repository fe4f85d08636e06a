using System.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Hosting;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Rules.Audit;

namespace RevenueSharing.Api.Apis;

/// <summary>
/// <c>GET /api/audit/export</c>: the whole ledger as JSON Lines, streamed from one snapshot, for the offline verifier
/// (<c>./platform audit verify</c>): the ledger key, every deal account and distribution, every entry in sequence
/// order, and the platform's signed heads. It names people and their money: auditors only.
/// </summary>
public static class LedgerExportApi
{
    public static IEndpointRouteBuilder MapLedgerExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/export", Export).WithTags("Audit").RequireAuthorization(PlatformRoles.Auditor)
            .Produces(StatusCodes.Status200OK, contentType: LedgerExport.MediaType);
        return app;
    }

    public static IResult Export(RevenueDbContext db, LedgerKey key) =>
        Results.Stream(async body =>
        {
            var ct = CancellationToken.None; // the response stream ends the work if the client goes away
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await using var writer = new StreamWriter(body, new UTF8Encoding(false), 1 << 16);
            await WriteAsync(writer, new ExportedKey(Convert.ToBase64String(key.PublicKey)));
            await foreach (var a in db.Accounts.AsNoTracking().OrderBy(a => a.DealId).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedAccount(a.DealId, a.UniversityId, a.Mode, a.PolicyVersion, LedgerExport.Decimal(a.RewardShare),
                    LedgerExport.Decimal(a.Floor), a.Contributors.Select(c => new ExportedContributor(c.PersonId, LedgerExport.Decimal(c.Share))).ToList()));
            await foreach (var p in db.Policies.AsNoTracking().OrderBy(p => p.UniversityId).ThenBy(p => p.Version).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedPolicy(p.UniversityId, p.Version, LedgerExport.Decimal(p.RewardShare)));
            await foreach (var r in db.Receipts.AsNoTracking().OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedReceipt(r.Id, r.DealId, LedgerExport.Decimal(r.GrossCny), LedgerExport.Decimal(r.WithholdingCny),
                    LedgerExport.Decimal(r.CoOwnerCny), r.ReversesId));
            await foreach (var c in db.Costs.AsNoTracking().OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedCost(c.Id, c.DealId, c.Category.ToWire(), LedgerExport.Decimal(c.AmountCny), c.ReversesId));
            await foreach (var r in db.ProfitReports.AsNoTracking().OrderBy(r => r.SelfImplementationId).ThenBy(r => r.Year).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedProfitReport(r.Id, r.SelfImplementationId, r.Year, LedgerExport.Decimal(r.OperatingProfit),
                    LedgerExport.Decimal(r.Reward)));
            await foreach (var d in db.Distributions.AsNoTracking().OrderBy(d => d.Id).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, new ExportedDistribution(d.Id, d.DealId, d.PolicyVersion, LedgerExport.Decimal(d.RewardShare),
                    LedgerExport.Decimal(d.NetIncome), LedgerExport.Decimal(d.Target), LedgerExport.Decimal(d.Pool), d.CreatedAt));
            await foreach (var e in db.LedgerEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
                await WriteAsync(writer, Exported(e));
            await foreach (var h in db.SignedHeads.AsNoTracking().OrderBy(h => h.TreeSize).AsAsyncEnumerable().WithCancellation(ct))
            {
                var signed = LedgerLog.ToSigned(h);
                await WriteAsync(writer, new ExportedHead(signed.TreeSize, signed.RootHash, signed.Timestamp, signed.Signature));
            }
            await writer.FlushAsync(ct);
        }, LedgerExport.MediaType, "ledger-export.jsonl");

    public static ExportedEntry Exported(LedgerEntry e) => new(e.Sequence,
        LedgerHashing.Truncate(e.At).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), e.DealId, e.Kind,
        e.Amount.ToString("F2", CultureInfo.InvariantCulture), e.Currency, e.PersonId, e.Party, e.SourceType, e.SourceId, e.PrevHash, e.Hash);

    private static async Task WriteAsync<T>(StreamWriter writer, T line)
    {
        await writer.WriteAsync(JsonSerializer.Serialize(line, LedgerExport.Json));
        await writer.WriteAsync('\n');
    }
}
