using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Time;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Contracts;

namespace RevenueSharing.Api.Apis;

/// <summary>Payouts (one per contributor per distribution), their payment, and publicity records (domain.md §5).</summary>
public static class PayoutsApi
{
    public static IEndpointRouteBuilder MapPayoutsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payouts", ListPayouts).WithTags("Payouts").RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        app.MapPost("/api/payouts/{id:guid}/pay", Pay).WithTags("Payouts").RequireAuthorization(PlatformRoles.University);
        app.MapPost("/api/revenue/deals/{dealId:guid}/publicity", RecordPublicity).WithTags("Payouts")
            .RequireAuthorization(PlatformRoles.University).Idempotent();
        return app;
    }

    public sealed record FlagView(string Code, string Detail);

    public sealed record PayoutView(Guid Id, Guid DealId, Guid DistributionId, string PersonId, Money Amount, DateOnly DueOn, string Status,
        DateTimeOffset? PaidAt, string? BankReference, Money TaxableBase, bool TaxableBaseFixed, IReadOnlyList<FlagView> Flags);


    public sealed record PayRequest(DateTimeOffset? PaidAt, string? BankReference);

    public sealed record PublicityRequest(IReadOnlyList<string>? PersonIds, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Reference);

    /// <summary>What the tax rule and the flags need to know about a deal.</summary>
    public sealed record DealFacts(DealAccount Account, HashSet<string> OnPublicity)
    {
        public static async Task<DealFacts> LoadAsync(RevenueDbContext db, DealAccount account, CancellationToken ct) =>
            new(account, (await db.PublicityRecords.AsNoTracking().Where(p => p.DealId == account.DealId).ToListAsync(ct))
                .SelectMany(p => p.PersonIds).ToHashSet(StringComparer.Ordinal));

        public bool NeedsPublicity(string personId) =>
            Account.Contributors.Any(c => c.PersonId == personId && c.LeadershipPost) && !OnPublicity.Contains(personId);

        public decimal TaxableBaseOf(Payout p, DateTimeOffset paidAt) => p.TaxableBase ?? Domain.TaxableBase.Of(p.Amount,
            Domain.TaxableBase.HalfApplies(Account.Mode, Account.IpAssets, Account.HasRegistration("tech_contract"),
                OnPublicity.Contains(p.PersonId), p.ReceivedAt, paidAt));

        public PayoutView View(Payout p, DateTimeOffset now)
        {
            var flags = new List<FlagView>();
            if (PayoutFlags.IsOverdue(p, ShanghaiDate.Of(now)))
                flags.Add(new(PayoutFlags.Overdue, $"Due on {p.DueOn:yyyy-MM-dd}, unpaid."));
            if (p.Status == "due" && NeedsPublicity(p.PersonId))
                flags.Add(new(PayoutFlags.PublicityMissing, $"{p.PersonId} holds a leadership post: a publicity record must come before payment."));
            return new PayoutView(p.Id, p.DealId, p.DistributionId, p.PersonId, Money.Cny(p.Amount), p.DueOn, p.Status, p.PaidAt, p.BankReference,
                Money.Cny(TaxableBaseOf(p, p.PaidAt ?? now)), p.TaxableBase is not null, flags);
        }
    }

    public static async Task<Ok<Page<PayoutView>>> ListPayouts(Guid? dealId, string? personId, string? status, int? limit, string? cursor,
        ClaimsPrincipal user, RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Check(status is null or "due" or "paid", "status", "due or paid (overdue is a flag).")
            .Check(limit is null or (>= 1 and <= 200), "limit", "From 1 to 200 (default 50).")
            .Check(cursor is null || Guid.TryParse(cursor, out _), "cursor", "Not a cursor this API gave.");
        errors.ThrowIfAny();
        var accounts = db.Accounts.AsNoTracking();
        if (!user.IsInRole(PlatformRoles.Auditor)) accounts = accounts.Where(a => a.UniversityId == user.RequireOrg()); // tenants see their own
        var query = from p in db.Payouts.AsNoTracking() join a in accounts on p.DealId equals a.DealId select p;
        if (dealId is not null) query = query.Where(p => p.DealId == dealId);
        if (personId is not null) query = query.Where(p => p.PersonId == personId);
        if (status is not null) query = query.Where(p => p.Status == status);
        if (cursor is not null) { var after = Guid.Parse(cursor); query = query.Where(p => p.Id.CompareTo(after) > 0); }
        var size = limit ?? 50;
        var page = await query.OrderBy(p => p.Id).Take(size + 1).ToListAsync(ct);
        var more = page.Count > size;
        if (more) page.RemoveAt(size);

        var now = clock.GetUtcNow();
        var facts = new Dictionary<Guid, DealFacts>();
        foreach (var id in page.Select(p => p.DealId).Distinct())
            facts[id] = await DealFacts.LoadAsync(db, await db.Accounts.AsNoTracking().SingleAsync(a => a.DealId == id, ct), ct);
        return TypedResults.Ok(new Page<PayoutView>(page.Select(p => facts[p.DealId].View(p, now)).ToList(), more ? page[^1].Id.ToString() : null));
    }

    /// <summary>Records the payment: fixes the taxable base, appends payout_paid to the ledger, announces payout.paid.</summary>
    public static async Task<Ok<PayoutView>> Pay(Guid id, PayRequest? body, ClaimsPrincipal user, RevenueDbContext db, Ledger ledger,
        TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.PaidAt is not null, "paidAt", "Required: ISO 8601 with offset.")
            .Check(body?.BankReference is { Length: > 0 and <= 100 }, "bankReference", "Required, at most 100 characters.")
            .ThrowIfAny();
        var payout = await db.Payouts.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw ProblemException.NotFound("Payout");
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.DealId == payout.DealId, ct);
        if (!user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Payout"); // another tenant's: not found
        if (payout.Status == "paid")
            throw ProblemException.Conflict("payout-already-paid", "The payout is already paid.", $"Paid on {payout.PaidAt:O}, reference {payout.BankReference}.");
        var facts = await DealFacts.LoadAsync(db, account, ct);
        if (facts.NeedsPublicity(payout.PersonId))
            throw ProblemException.Rule("publicity-missing", "A contributor with a leadership post needs a publicity record before payment.",
                $"Record the publicity (POST /api/revenue/deals/{account.DealId}/publicity) listing {payout.PersonId} first (上海市促进科技成果转化条例 Art. 39).");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        payout.Status = "paid";
        payout.PaidAt = body!.PaidAt;
        payout.BankReference = body.BankReference!.Trim();
        payout.TaxableBase = facts.TaxableBaseOf(payout, body.PaidAt!.Value);
        var entries = await ledger.AppendAsync([new(payout.DealId, LedgerKinds.PayoutPaid, payout.Amount, payout.PersonId, "payout", payout.Id)], ct);
        db.AddEvent(new PayoutPaid
        {
            OccurredAt = clock.GetUtcNow(), DealId = payout.DealId, PayoutId = payout.Id,
            Entries = LedgerSnapshots.Entries(entries), Head = LedgerSnapshots.Head(entries),
        }, clock);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(facts.View(payout, clock.GetUtcNow()));
    }

    public static async Task<Created<PublicityRecord>> RecordPublicity(Guid dealId, PublicityRequest? body, ClaimsPrincipal user,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.PersonIds is { Count: > 0 } ids && ids.All(p => !string.IsNullOrWhiteSpace(p)), "personIds", "At least one person id.")
            .Check(body?.StartsAt is not null, "startsAt", "Required.")
            .Check(body?.EndsAt is not null && body.EndsAt > body.StartsAt, "endsAt", "Required, after startsAt.")
            .Check(body?.Reference is { Length: > 0 and <= 200 }, "reference", "Required: where the notice was published, at most 200 characters.")
            .ThrowIfAny();
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        if (account is null || !user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Deal account");
        var unknown = body!.PersonIds!.Where(p => account.Contributors.All(c => c.PersonId != p)).ToList();
        if (unknown.Count > 0)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["personIds"] = [$"Not contributors of the deal: {string.Join(", ", unknown)}."] });
        var record = new PublicityRecord
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), DealId = dealId, PersonIds = body.PersonIds!, StartsAt = body.StartsAt!.Value,
            EndsAt = body.EndsAt!.Value, Reference = body.Reference!, CreatedAt = clock.GetUtcNow(),
        };
        db.PublicityRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/revenue/deals/{dealId}/publicity/{record.Id}", record);
    }
}
