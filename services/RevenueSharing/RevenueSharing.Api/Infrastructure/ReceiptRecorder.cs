using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Contracts;

namespace RevenueSharing.Api.Infrastructure;

/// <summary>
/// Records income and costs of a deal, and distributes the reward for each receipt: all ledger entries,
/// payouts and events of one request commit in one transaction.
/// </summary>
public sealed class ReceiptRecorder(RevenueDbContext db, Ledger ledger, TimeProvider clock)
{
    public async Task<Receipt> RecordReceiptAsync(ReceiptRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await FindAccountAsync(r.DealId!.Value, ct);
        var isOwner = user.IsUniversity(account.UniversityId);
        if (!isOwner && !user.IsExchange(account.Exchange))
            throw ProblemException.Forbidden("Only the owning university or the deal's exchange records its income.");
        RequireCashDeal(account);
        IncomeRules.CheckReceivedAt(r.ReceivedAt!.Value, account.ConcludedAt, clock.GetUtcNow());
        if (account.NeedsExportRegistration && !account.HasRegistration("export_contract"))
            throw ProblemException.Rule("deal-not-registered", "The technology export contract is not registered.",
                "A cross-border deal of free technology needs its export_contract registration before its first receipt.");
        var rate = await FxRateForAsync(r.Amount!.Value.Currency, r.ReceivedAt!.Value, ct);
        var reference = r.Reference!.Trim();
        if (await db.Receipts.AnyAsync(x => x.DealId == account.DealId && x.Reference == reference, ct))
            throw ReferenceRecorded();

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await ledger.LockHeadAsync(ct); // serialises distributions: totals below are read under the lock
        var now = clock.GetUtcNow();
        var amountCny = Rounding.ToMinorUnit(r.Amount.Value.Amount * rate, Currency.Cny);
        var withholdingCny = Rounding.ToMinorUnit((r.WithholdingTax?.Amount ?? 0m) * rate, Currency.Cny);
        var receipt = new Receipt
        {
            Id = Guid.CreateVersion7(now), DealId = account.DealId, Amount = r.Amount.Value.Amount, Currency = r.Amount.Value.Currency,
            WithholdingTax = r.WithholdingTax?.Amount ?? 0m, FxRate = rate, AmountCny = amountCny, WithholdingCny = withholdingCny,
            CoOwnerCny = RewardCalculation.CoOwnerPart(amountCny + withholdingCny, account.Rights),
            ReceivedAt = r.ReceivedAt.Value, Kind = r.Kind!.Value, Reference = reference,
            RecordedBy = user.Org() ?? user.Role() ?? "unknown", CreatedAt = now,
        };
        db.Receipts.Add(receipt);

        // The receipt's entries partition its gross: what arrived for the unit and for co-owners, and each one's part
        // of the withholding, so that an auditor adds them up to the gross (README §7).
        var parts = RewardCalculation.PartsOfReceipt(amountCny, withholdingCny, account.Rights);
        var lines = new List<LedgerLine> { new(account.DealId, LedgerKinds.Receipt, parts.UnitArrived, null, "receipt", receipt.Id) };
        if (parts.UnitWithholding > 0)
            lines.Add(new(account.DealId, LedgerKinds.Withholding, parts.UnitWithholding, null, "receipt", receipt.Id));
        if (parts.CoOwnerArrived > 0)
            lines.Add(new(account.DealId, LedgerKinds.CoOwnerShare, parts.CoOwnerArrived, null, "receipt", receipt.Id));
        if (parts.CoOwnerWithholding > 0)
            lines.Add(new(account.DealId, LedgerKinds.CoOwnerWithholding, parts.CoOwnerWithholding, null, "receipt", receipt.Id));
        var receiptEntries = await ledger.AppendAsync(lines, ct);

        var distribution = await DistributeAsync(account, receipt.Id, receipt.GrossCny - receipt.CoOwnerCny,
            RewardCalculation.UnitWithholding(receipt.WithholdingCny, account.Rights), receipt.ReceivedAt, ct);
        db.AddEvent(new ReceiptRecorded
        {
            OccurredAt = now, DealId = account.DealId, ReceiptId = receipt.Id,
            Entries = LedgerSnapshots.Entries(receiptEntries), Head = LedgerSnapshots.Head(receiptEntries),
        }, clock);
        if (distribution is not null) db.AddEvent(distribution, clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { ConstraintName: "ux_receipts_deal_reference" })
        {
            throw ReferenceRecorded(); // the same reference recorded concurrently
        }
        await transaction.CommitAsync(ct);
        return receipt;
    }

    public async Task<Cost> RecordCostAsync(CostRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        CostRules.RequireAllowable(r.Category!.Value);
        var account = await FindAccountAsync(r.DealId!.Value, ct);
        if (!user.IsUniversity(account.UniversityId))
            throw ProblemException.Forbidden("Only the owning university records the deal's costs.");
        RequireCashDeal(account);
        var rate = await FxRateForAsync(r.Amount!.Value.Currency, r.IncurredAt!.Value, ct);

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var cost = new Cost
        {
            Id = Guid.CreateVersion7(now), DealId = account.DealId, Category = r.Category.Value, Amount = r.Amount.Value.Amount,
            Currency = r.Amount.Value.Currency, FxRate = rate, AmountCny = Rounding.ToMinorUnit(r.Amount.Value.Amount * rate, Currency.Cny),
            IncurredAt = r.IncurredAt.Value, EvidenceRef = r.EvidenceRef, CreatedAt = now,
        };
        db.Costs.Add(cost);
        await ledger.AppendAsync([new(account.DealId, LedgerKinds.Cost, cost.AmountCny, null, "cost", cost.Id)], ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return cost;
    }

    /// <summary>
    /// Corrects a receipt: a new receipt with the negated amounts names the one it reverses and why, with ledger entries
    /// negating the original's (README §3: receipts and costs are append-only). Net income falls; what was already
    /// distributed stays, and later income is rewarded only once the cumulative target passes it again.
    /// </summary>
    public async Task<Receipt> ReverseReceiptAsync(Guid id, ReversalRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var original = await db.Receipts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("Receipt");
        var account = await FindAccountAsync(original.DealId, ct);
        if (!user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Receipt"); // another tenant's: not found
        if (original.ReversesId is not null)
            throw ProblemException.Rule("reversal-of-reversal", "A reversal is not reversed.", "Record the correct receipt anew instead.");
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await ledger.LockHeadAsync(ct);
        var now = clock.GetUtcNow();
        var reversal = new Receipt
        {
            Id = Guid.CreateVersion7(now), DealId = original.DealId, Amount = -original.Amount, Currency = original.Currency,
            WithholdingTax = -original.WithholdingTax, FxRate = original.FxRate, AmountCny = -original.AmountCny,
            WithholdingCny = -original.WithholdingCny, CoOwnerCny = -original.CoOwnerCny, ReceivedAt = original.ReceivedAt, Kind = original.Kind,
            Reference = $"reversal:{original.Id}", RecordedBy = user.Org() ?? "unknown", CreatedAt = now,
            ReversesId = original.Id, ReversalReason = r.Reason!.Trim(),
        };
        db.Receipts.Add(reversal);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.SourceId == original.Id && e.SourceType == "receipt")
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        await ledger.AppendAsync(entries.Select(e => new LedgerLine(e.DealId, e.Kind, -e.Amount, null, "receipt", reversal.Id)), ct);
        await SaveReversalAsync("ux_receipts_reverses", ct);
        await transaction.CommitAsync(ct);
        return reversal;
    }

    /// <summary>
    /// Corrects a cost: a negated cost naming the one it reverses and why, and its negated ledger entry; the net income
    /// it gives back is distributed at once.
    /// </summary>
    public async Task<Cost> ReverseCostAsync(Guid id, ReversalRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var original = await db.Costs.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("Cost");
        var account = await FindAccountAsync(original.DealId, ct);
        if (!user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Cost");
        if (original.ReversesId is not null)
            throw ProblemException.Rule("reversal-of-reversal", "A reversal is not reversed.", "Record the correct cost anew instead.");
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await ledger.LockHeadAsync(ct); // serialises distributions: totals are read under the lock
        var now = clock.GetUtcNow();
        var reversal = new Cost
        {
            Id = Guid.CreateVersion7(now), DealId = original.DealId, Category = original.Category, Amount = -original.Amount,
            Currency = original.Currency, FxRate = original.FxRate, AmountCny = -original.AmountCny, IncurredAt = original.IncurredAt,
            EvidenceRef = original.EvidenceRef, CreatedAt = now, ReversesId = original.Id, ReversalReason = r.Reason!.Trim(),
        };
        db.Costs.Add(reversal);
        await ledger.AppendAsync([new(original.DealId, LedgerKinds.Cost, reversal.AmountCny, null, "cost", reversal.Id)], ct);
        // Net income rises: the inventors' part of it is distributed now, not at the next receipt.
        if (await DistributeAsync(account, reversal.Id, 0m, reversal.AmountCny, now, ct) is { } distributed) db.AddEvent(distributed, clock);
        await SaveReversalAsync("ux_costs_reverses", ct);
        await transaction.CommitAsync(ct);
        return reversal;
    }

    private async Task SaveReversalAsync(string uniqueIndex, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException p && p.ConstraintName == uniqueIndex)
        {
            throw ProblemException.Conflict("already-reversed", "The record is already reversed.", "A record is reversed once.");
        }
    }

    /// <summary>
    /// The distribution after a change to the deal's income or costs that is not saved yet (added here to the totals
    /// read under the ledger lock): a receipt, or a cost reversal that raises net income. The cumulative target is
    /// split and each contributor gets the change of their part; payouts fall due from <paramref name="moneyAt"/>.
    /// </summary>
    private async Task<RewardsDistributed?> DistributeAsync(DealAccount account, Guid sourceRecordId, decimal addedUnitIncome, decimal addedCosts,
        DateTimeOffset moneyAt, CancellationToken ct)
    {
        var totals = await DealTotals.LoadAsync(db, account, ct);
        var already = await DealTotals.DistributedByPersonAsync(db, account.DealId, ct);
        var result = RewardCalculation.Distribute(totals.UnitIncome + addedUnitIncome, totals.DirectCosts + addedCosts, already, account.RewardShare,
            account.Contributors);
        if (result.Pool == 0) return null;

        var now = clock.GetUtcNow();
        var (distribution, lines) = CashDistributions.Schedule(db, account, sourceRecordId, result.NetIncome, result.Target, result.Split, moneyAt, now);
        // The unit keeps the rest of the net: the change in its part since the last distribution, divided as the
        // policy's remainder says, one entry per part.
        var unitPartNow = Math.Max(result.NetIncome, 0m) - result.Target;
        foreach (var (party, amount) in RewardCalculation.SplitUnitRemainder(unitPartNow - totals.UnitRemainder, account.Remainder))
            lines.Add(new(account.DealId, LedgerKinds.UnitRemainder, amount, null, "distribution", distribution.Id) { Party = party });
        return CashDistributions.Event(distribution, await ledger.AppendAsync(lines, ct), now);
    }

    private static void RequireCashDeal(DealAccount account)
    {
        if (!account.IsCashDeal)
            throw ProblemException.Rule("not-a-cash-deal", "This account takes no income or costs.",
                account.Mode == DealModes.Equity
                    ? "An equity deal's reward is in shares, granted when the deal concluded."
                    : "A self-implementation is rewarded from its yearly operating profit (POST /api/self-implementations/{id}/profit-reports).");
    }

    private static ProblemException ReferenceRecorded() =>
        ProblemException.Conflict("receipt-reference-recorded", "A receipt with this reference is already recorded for the deal.",
            "The bank reference of a receipt is unique per deal.");

    private async Task<DealAccount> FindAccountAsync(Guid dealId, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct)
        ?? throw ProblemException.Rule("deal-not-concluded", "The deal is not concluded (or not known here yet).",
            $"Revenue-sharing has not received deal.concluded for {dealId}; retry once it has.");

    /// <summary>
    /// CNY needs no rate. Another currency converts at the latest rate on or before the legal date, at most 7 days
    /// back (services/RevenueSharing/README.md §3), as the cross-border service published it; the rate used is stored with the entry.
    /// </summary>
    private async Task<decimal> FxRateForAsync(string currency, DateTimeOffset at, CancellationToken ct)
    {
        if (currency == Currency.Cny) return 1m;
        var date = ShanghaiDate.Of(at);
        var rate = await FxRateRule.Applicable(db.FxRates.AsNoTracking(), currency, date).FirstOrDefaultAsync(ct);
        return rate?.RateToCny ?? throw ProblemException.Rule("fx-rate-missing", "No FX rate for this currency and date.",
            $"No {currency} rate within the {FxRateRule.MaxDaysBack} days up to {date:yyyy-MM-dd} is known to revenue-sharing.");
    }
}
