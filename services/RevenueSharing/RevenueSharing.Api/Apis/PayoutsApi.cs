using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Idempotency;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using Platform.BuildingBlocks.Persistence;
using RevenueSharing.Api.Application;
using RevenueSharing.Api.Domain;
using RevenueSharing.Api.Infrastructure;
using RevenueSharing.Contracts;

namespace RevenueSharing.Api.Apis;

/// <summary>Payouts (one per contributor per distribution), their payment, and publicity records (services/RevenueSharing/README.md §5).</summary>
public static class PayoutsApi
{
    public static IEndpointRouteBuilder MapPayoutsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payouts", ListPayouts).WithTags("Payouts").RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        app.MapPost("/api/payouts/{id:guid}/pay", Pay).WithTags("Payouts").RequireAuthorization(PlatformRoles.University);
        app.MapPost("/api/revenue/deals/{dealId:guid}/publicity", RecordPublicity).WithTags("Payouts")
            .RequireAuthorization(PlatformRoles.University).Idempotent();
        app.MapGet("/api/revenue/deals/{dealId:guid}/publicity", ListPublicity).WithTags("Payouts")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        app.MapGet("/api/revenue/deals/{dealId:guid}/publicity/{id:guid}", GetPublicity).WithTags("Payouts")
            .RequireRoles(PlatformRoles.University, PlatformRoles.Auditor);
        return app;
    }

    public sealed record PayRequest([property: Required] DateTimeOffset? PaidAt, [property: Required] string? BankReference);

    public sealed record PublicityPersonRequest([property: Required] string? PersonId, [property: Required] Money? Amount);

    /// <summary>The persons with the reward amounts published for them (CNY), and the period of the notice.</summary>
    public sealed record PublicityRequest([property: Required] IReadOnlyList<PublicityPersonRequest>? Persons, [property: Required] DateTimeOffset? StartsAt, [property: Required] DateTimeOffset? EndsAt, [property: Required] string? Reference);

    public sealed record PublicityView(Guid Id, Guid DealId, IReadOnlyList<PublicityPersonView> Persons, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string Reference, DateTimeOffset CreatedAt)
    {
        public static PublicityView From(PublicityRecord r) => new(r.Id, r.DealId,
            r.Persons.Select(p => new PublicityPersonView(p.PersonId, Money.Cny(p.Amount))).ToList(), r.StartsAt, r.EndsAt, r.Reference, r.CreatedAt);
    }

    public sealed record PublicityPersonView(string PersonId, Money Amount);

    private static readonly Keyset<Payout, Guid> PayoutsById = Keyset.By<Payout, Guid>(p => p.Id);

    public static async Task<Ok<Page<PayoutView>>> ListPayouts(Guid? dealId, string? personId, string? status, int? limit, string? cursor,
        ClaimsPrincipal user, RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Check(status is null || WireEnum.TryParse<PayoutStatus>(status, out _), "status", "due or paid (overdue is a flag).");
        var paging = PageCursor.Read<Guid>(errors, limit, cursor, PageCursor.LegacyUuid);
        errors.ThrowIfAny();
        var accounts = db.Accounts.AsNoTracking();
        if (!user.IsInRole(PlatformRoles.Auditor)) accounts = accounts.Where(a => a.UniversityId == user.RequireOrg()); // tenants see their own
        var query = from p in db.Payouts.AsNoTracking() join a in accounts on p.DealId equals a.DealId select p;
        if (dealId is not null) query = query.Where(p => p.DealId == dealId);
        if (personId is not null) query = query.Where(p => p.PersonId == personId);
        if (WireEnum.TryParse<PayoutStatus>(status, out var wanted)) query = query.Where(p => p.Status == wanted);
        var page = await query.KeysetPageAsync(PayoutsById, paging, ct);

        // The page's deals, their publicity records and paid payouts: one read of each for the whole page.
        var now = clock.GetUtcNow();
        var dealIds = page.Items.Select(p => p.DealId).Distinct().ToList();
        var pageAccounts = await db.Accounts.AsNoTracking().Where(a => dealIds.Contains(a.DealId)).ToListAsync(ct);
        var publicity = (await db.PublicityRecords.AsNoTracking().Where(p => dealIds.Contains(p.DealId)).ToListAsync(ct)).ToLookup(p => p.DealId);
        var paid = (await db.Payouts.AsNoTracking().Where(p => dealIds.Contains(p.DealId) && p.Status == PayoutStatus.Paid).ToListAsync(ct))
            .ToLookup(p => p.DealId);
        var facts = pageAccounts.ToDictionary(a => a.DealId, a => DealFacts.From(a, [.. publicity[a.DealId]], paid[a.DealId]));
        return TypedResults.Ok(page.Map(p => facts[p.DealId].View(p, now)));
    }

    /// <summary>Records the payment: fixes the taxable base, appends payout_paid to the ledger, announces payout.paid.</summary>
    public static async Task<Ok<PayoutView>> Pay(Guid id, PayRequest? body, ClaimsPrincipal user, RevenueDbContext db, Ledger ledger,
        TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.PaidAt is not null, "paidAt", "Required: ISO 8601 with offset.")
            .Check(body?.BankReference is { Length: > 0 and <= 100 }, "bankReference", "Required, at most 100 characters.")
            .ThrowIfAny();
        if (body!.PaidAt > clock.GetUtcNow() + PayoutRules.ClockSkew)
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["paidAt"] = [$"Not in the future: a payment is recorded once made (tolerance {PayoutRules.ClockSkew.TotalMinutes:0} minutes of clock skew)."],
            });
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        // The row lock makes concurrent payments of one payout queue up: the first pays, the next sees it paid (409).
        var payout = await db.Payouts.FromSql($"SELECT * FROM payouts WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("Payout");
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.DealId == payout.DealId, ct);
        if (!user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Payout"); // another tenant's: not found
        if (payout.Status == PayoutStatus.Paid)
            throw ProblemException.Conflict("payout-already-paid", "The payout is already paid.", $"Paid on {payout.PaidAt:O}, reference {payout.BankReference}.");
        // Nor before the money arrived: paidAt decides the 58号 window and the publicity period, so it is bounded both ways.
        if (body.PaidAt < payout.ReceivedAt - PayoutRules.ClockSkew)
            throw ProblemException.Rule("paid-before-received", "A payout cannot be paid before its money arrived.",
                $"paidAt {body.PaidAt:O} is before the receipt's receivedAt {payout.ReceivedAt:O}.");
        var facts = await DealFacts.LoadAsync(db, account, ct);
        if (facts.NeedsPublicity(payout, body.PaidAt!.Value))
            throw ProblemException.Rule("publicity-missing", "A contributor with a leadership post needs a publicity record before payment.",
                $"Record the publicity (POST /api/revenue/deals/{account.DealId}/publicity) naming {payout.PersonId} with at least "
                + $"{facts.PaidByPerson.GetValueOrDefault(payout.PersonId) + payout.Amount:0.00} CNY (all paid to them on the deal, this included), "
                + "for a period that ends before paidAt (上海市促进科技成果转化条例 Art. 39).");

        payout.Status = PayoutStatus.Paid;
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

    public static async Task<Created<PublicityView>> RecordPublicity(Guid dealId, PublicityRequest? body, ClaimsPrincipal user,
        RevenueDbContext db, TimeProvider clock, CancellationToken ct)
    {
        new ValidationErrors()
            .Check(body?.Persons is { Count: > 0 } persons && persons.All(p => !string.IsNullOrWhiteSpace(p?.PersonId)), "persons",
                "At least one person: {\"personId\", \"amount\": {\"amount\": \"1000.00\", \"currency\": \"CNY\"}}.")
            .Check(body?.Persons is null || body.Persons.All(p => p?.Amount is { Currency: Currency.Cny, Amount: >= 0m }), "persons[].amount",
                "Required for each person: the reward published for them, in CNY, not negative.")
            .Check(body?.Persons is null || body.Persons.Where(p => p is not null).Select(p => p.PersonId).Distinct().Count() == body.Persons.Count,
                "persons", "Each person once.")
            .Check(body?.StartsAt is not null, "startsAt", "Required.")
            .Check(body?.EndsAt is not null && body.EndsAt > body.StartsAt, "endsAt", "Required, after startsAt.")
            .Check(body?.Reference is { Length: > 0 and <= 200 }, "reference", "Required: where the notice was published, at most 200 characters.")
            .ThrowIfAny();
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        if (account is null || !user.IsUniversity(account.UniversityId)) throw ProblemException.NotFound("Deal account");
        var unknown = body!.Persons!.Select(p => p.PersonId!).Where(p => account.Contributors.All(c => c.PersonId != p)).ToList();
        if (unknown.Count > 0)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["persons"] = [$"Not contributors of the deal: {string.Join(", ", unknown)}."] });
        var record = new PublicityRecord
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()), DealId = dealId,
            Persons = body.Persons!.Select(p => new PublicityPerson(p.PersonId!.Trim(), p.Amount!.Value.Amount)).ToList(),
            StartsAt = body.StartsAt!.Value, EndsAt = body.EndsAt!.Value, Reference = body.Reference!, CreatedAt = clock.GetUtcNow(),
        };
        db.PublicityRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/revenue/deals/{dealId}/publicity/{record.Id}", PublicityView.From(record));
    }

    /// <summary>A deal's publicity records, to its university and auditors (the Location of the POST answers here).</summary>
    public static async Task<Ok<IReadOnlyList<PublicityView>>> ListPublicity(Guid dealId, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        await RequireReadableAsync(db, dealId, user, ct);
        var records = await db.PublicityRecords.AsNoTracking().Where(r => r.DealId == dealId).OrderBy(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<PublicityView>>(records.Select(PublicityView.From).ToList());
    }

    public static async Task<Ok<PublicityView>> GetPublicity(Guid dealId, Guid id, ClaimsPrincipal user, RevenueDbContext db, CancellationToken ct)
    {
        await RequireReadableAsync(db, dealId, user, ct);
        var record = await db.PublicityRecords.AsNoTracking().SingleOrDefaultAsync(r => r.DealId == dealId && r.Id == id, ct)
            ?? throw ProblemException.NotFound("Publicity record");
        return TypedResults.Ok(PublicityView.From(record));
    }

    private static async Task RequireReadableAsync(RevenueDbContext db, Guid dealId, ClaimsPrincipal user, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.DealId == dealId, ct);
        if (account is null || !(user.IsInRole(PlatformRoles.Auditor) || user.IsUniversity(account.UniversityId)))
            throw ProblemException.NotFound("Deal account"); // another university's: its existence does not leak
    }
}
