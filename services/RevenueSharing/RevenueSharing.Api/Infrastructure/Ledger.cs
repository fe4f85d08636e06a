using Microsoft.EntityFrameworkCore;
using RevenueSharing.Api.Domain;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>A movement to append; sequence and hashes are assigned by <see cref="Ledger"/>.</summary>
public sealed record LedgerLine(Guid DealId, string Kind, decimal Amount, string? PersonId, string SourceType, Guid SourceId)
{
    public string Currency { get; init; } = Platform.BuildingBlocks.Monetary.Currency.Cny;
    public string? Party { get; init; }
}

/// <summary>
/// Appends entries to the service's one chain. Must run inside the caller's transaction: the head row is
/// locked FOR UPDATE, so concurrent appends queue up instead of forking the chain.
/// </summary>
public sealed class Ledger(RevenueDbContext db, TimeProvider clock)
{
    public async Task LockHeadAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Ledger appends need a transaction.");
        await db.LedgerHead.FromSql($"SELECT * FROM ledger_head WHERE id = 1 FOR UPDATE").SingleAsync(ct);
    }

    public async Task<IReadOnlyList<LedgerEntry>> AppendAsync(IEnumerable<LedgerLine> lines, CancellationToken ct)
    {
        var head = await db.LedgerHead.FromSql($"SELECT * FROM ledger_head WHERE id = 1 FOR UPDATE").SingleAsync(ct);
        var at = LedgerHashing.Truncate(clock.GetUtcNow());
        var entries = new List<LedgerEntry>();
        foreach (var line in lines)
        {
            var sequence = head.Sequence + 1;
            var hash = LedgerHashing.Hash(LedgerHashing.CanonicalJson(sequence, at, line.DealId, line.Kind, line.Amount,
                line.Currency, line.PersonId, line.Party, line.SourceType, line.SourceId, head.Hash));
            var entry = new LedgerEntry
            {
                Sequence = sequence, At = at, DealId = line.DealId, Kind = line.Kind, Amount = line.Amount,
                Currency = line.Currency, PersonId = line.PersonId, Party = line.Party,
                SourceType = line.SourceType, SourceId = line.SourceId, PrevHash = head.Hash, Hash = hash,
            };
            db.LedgerEntries.Add(entry);
            entries.Add(entry);
            head.Sequence = sequence;
            head.Hash = hash;
        }
        return entries;
    }
}
