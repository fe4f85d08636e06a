using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.BuildingBlocks.Auth;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;
using Platform.BuildingBlocks.Persistence;

namespace CrossBorder.Api.Apis;

/// <summary>Webhook subscriptions of exchanges, their delivery log and manual redelivery (services/CrossBorder/README.md §8).</summary>
public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/subscriptions").WithTags("Webhooks");
        api.MapPost("/", Create).RequireAuthorization(PlatformRoles.Exchange);
        api.MapGet("/", List).RequireRoles(PlatformRoles.Exchange, PlatformRoles.Auditor);
        // Added beside the contract (services/CrossBorder/README.md) so that the Location of a created subscription answers.
        api.MapGet("/{id:guid}", Get).RequireRoles(PlatformRoles.Exchange, PlatformRoles.Auditor);
        api.MapDelete("/{id:guid}", Delete).RequireAuthorization(PlatformRoles.Exchange);
        api.MapGet("/{id:guid}/deliveries", Deliveries).RequireRoles(PlatformRoles.Exchange, PlatformRoles.Auditor);
        api.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/retry", Retry).RequireAuthorization(PlatformRoles.Exchange);
        // Added beside the contract (services/CrossBorder/README.md): key rotation (§8, several signatures).
        api.MapPost("/{id:guid}/secret", RotateSecret).RequireAuthorization(PlatformRoles.Exchange);
        return app;
    }

    public sealed record SubscriptionRequest([property: Required] string? Url, [property: Required] IReadOnlyList<string>? EventTypes);

    public sealed record SubscriptionView(Guid Id, string Exchange, string Url, IReadOnlyList<string> EventTypes, string Status,
        string? DisabledReason, DateTimeOffset CreatedAt)
    {
        public static SubscriptionView From(WebhookSubscription s) => new(s.Id, s.Exchange, s.Url, s.EventTypes, s.Status, s.DisabledReason, s.CreatedAt);
    }

    /// <summary>The creation answer: the only time the signing secret is shown.</summary>
    public sealed record CreatedSubscriptionView(Guid Id, string Exchange, string Url, IReadOnlyList<string> EventTypes, string Status,
        DateTimeOffset CreatedAt, string Secret);

    public sealed record AttemptView(int Number, DateTimeOffset At, int? StatusCode, bool Success, string? Error, int DurationMs);

    public sealed record DeliveryView(Guid Id, Guid SubscriptionId, string WebhookId, Guid EventId, string EventType, string Status,
        bool Success, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatusCode, DateTimeOffset CreatedAt, IReadOnlyList<AttemptView> AttemptLog);

    public static async Task<Created<CreatedSubscriptionView>> Create(SubscriptionRequest? body, ClaimsPrincipal user, CrossBorderDbContext db,
        IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var allowLoopback = options.Value.AllowLoopback;
        var errors = new ValidationErrors();
        if (body is null) errors.Add("$", "A body is required.").ThrowIfAny();
        var urlProblem = WebhookUrlPolicy.CheckShape(body!.Url, allowLoopback);
        errors.Check(urlProblem is null, "url", urlProblem ?? "");
        errors.Check(body.EventTypes is { Count: > 0 and <= 20 } types && types.All(t => t is not null && FeedEventTypes.ForExchanges.Contains(t)),
            "eventTypes", $"One or more of: {string.Join(", ", FeedEventTypes.ForExchanges.Order())}.");
        errors.ThrowIfAny();
        var host = new Uri(body.Url!).IdnHost;
        try
        {
            await WebhookHttp.ResolveAllowedAsync(host, allowLoopback, ct);
        }
        catch (Exception e) when (e is HttpRequestException or System.Net.Sockets.SocketException)
        {
            errors.Add("url", WebhookUrlPolicy.Refused).ThrowIfAny();
        }

        var now = clock.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now), Exchange = user.RequireOrg(), Url = body.Url!, EventTypes = body.EventTypes!.Distinct().ToArray(),
            Secret = WebhookSubscription.NewSecret(), Status = WebhookSubscription.Active, CreatedAt = now,
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/subscriptions/{subscription.Id}", new CreatedSubscriptionView(subscription.Id, subscription.Exchange,
            subscription.Url, subscription.EventTypes, subscription.Status, subscription.CreatedAt, subscription.Secret));
    }

    private static readonly Keyset<WebhookSubscription, Guid> SubscriptionsById = Keyset.By<WebhookSubscription, Guid>(s => s.Id);

    /// <summary>Newest first: delivery ids are UUIDv7, so id order is creation order.</summary>
    private static readonly Keyset<WebhookDelivery, Guid> DeliveriesNewestFirst = Keyset.By<WebhookDelivery, Guid>(d => d.Id, descending: true);

    public static async Task<Ok<Page<SubscriptionView>>> List(int? limit, string? cursor, ClaimsPrincipal user, CrossBorderDbContext db, CancellationToken ct)
    {
        var paging = Paging(limit, cursor);
        var query = db.Subscriptions.AsNoTracking().Where(s => s.Status != WebhookSubscription.Deleted);
        if (!user.IsInRole(PlatformRoles.Auditor)) { var org = user.RequireOrg(); query = query.Where(s => s.Exchange == org); }
        var page = await query.KeysetPageAsync(SubscriptionsById, paging, ct);
        return TypedResults.Ok(page.Map(SubscriptionView.From));
    }

    public static async Task<Ok<SubscriptionView>> Get(Guid id, ClaimsPrincipal user, CrossBorderDbContext db, CancellationToken ct) =>
        TypedResults.Ok(SubscriptionView.From(await VisibleAsync(db, id, user, ct)));

    /// <summary>Stops the endpoint: its pending deliveries are closed; the log stays for the auditor.</summary>
    public static async Task<NoContent> Delete(Guid id, ClaimsPrincipal user, CrossBorderDbContext db, CancellationToken ct)
    {
        var subscription = await VisibleAsync(db, id, user, ct, track: true);
        // One transaction, the subscription's row locked first (as the dispatcher locks it to record an attempt): an
        // attempt on its way when the subscription is deleted is recorded after this and does not reopen its delivery.
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM webhook_subscriptions WHERE id = {id} FOR UPDATE", ct);
        subscription.Status = WebhookSubscription.Deleted;
        await db.WebhookDeliveries.Where(d => d.SubscriptionId == id && d.Status == WebhookDelivery.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, WebhookDelivery.Failed).SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The delivery log, newest first; <c>success=false</c>: the deliveries not (yet) delivered.</summary>
    public static async Task<Ok<Page<DeliveryView>>> Deliveries(Guid id, bool? success, int? limit, string? cursor, ClaimsPrincipal user,
        CrossBorderDbContext db, CancellationToken ct)
    {
        var paging = Paging(limit, cursor);
        await VisibleAsync(db, id, user, ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        if (success is true) query = query.Where(d => d.Status == WebhookDelivery.Succeeded);
        if (success is false) query = query.Where(d => d.Status != WebhookDelivery.Succeeded);
        var page = await query.KeysetPageAsync(DeliveriesNewestFirst, paging, ct);
        var ids = page.Items.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(page.Map(d => View(d, attempts[d.Id])));
    }

    /// <summary>Redelivers now, with the same webhook-id: the receiver can tell it from a new event.</summary>
    public static async Task<Ok<DeliveryView>> Retry(Guid id, Guid deliveryId, ClaimsPrincipal user, CrossBorderDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var subscription = await VisibleAsync(db, id, user, ct);
        if (!user.IsExchange(subscription.Exchange)) throw ProblemException.NotFound("Subscription");
        if (subscription.Status != WebhookSubscription.Active)
            throw ProblemException.Rule("subscription-not-active", "The subscription does not deliver any more.",
                subscription.DisabledReason ?? $"The subscription is {subscription.Status}; create a new one.");
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.SubscriptionId == id, ct)
            ?? throw ProblemException.NotFound("Delivery");
        // A pending delivery is being sent or will be on its schedule; a second send beside it would only race it.
        if (delivery.Status == WebhookDelivery.Pending)
            throw ProblemException.Conflict("delivery-pending", "The delivery is still being attempted.",
                $"Its next attempt is due at {delivery.NextAttemptAt:O}; a delivery can be sent again once it succeeded or failed.");
        delivery.Status = WebhookDelivery.Pending;
        delivery.NextAttemptAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync(ct);
        return TypedResults.Ok(View(delivery, attempts));
    }

    public sealed record RotatedSecretView(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

    /// <summary>
    /// A new signing secret, shown once. For 24 hours deliveries carry signatures with the new and the previous secret,
    /// so the receiver can switch to the new one at its own pace.
    /// </summary>
    public static async Task<Ok<RotatedSecretView>> RotateSecret(Guid id, ClaimsPrincipal user, CrossBorderDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var subscription = await VisibleAsync(db, id, user, ct, track: true);
        var now = clock.GetUtcNow();
        subscription.PreviousSecret = subscription.Secret;
        subscription.PreviousSecretExpiresAt = now + WebhookSubscription.RotationOverlap;
        subscription.Secret = WebhookSubscription.NewSecret();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotatedSecretView(subscription.Id, subscription.Secret, subscription.PreviousSecretExpiresAt.Value));
    }

    /// <summary>An exchange sees its own subscriptions, an auditor all; anything else is 404, so that it does not leak.</summary>
    private static async Task<WebhookSubscription> VisibleAsync(CrossBorderDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Subscriptions : db.Subscriptions.AsNoTracking();
        var subscription = await query.SingleOrDefaultAsync(s => s.Id == id && s.Status != WebhookSubscription.Deleted, ct);
        var visible = subscription is not null && (user.IsExchange(subscription.Exchange) || (!track && user.IsInRole(PlatformRoles.Auditor)));
        return visible ? subscription! : throw ProblemException.NotFound("Subscription");
    }

    private static DeliveryView View(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) => new(d.Id, d.SubscriptionId, d.EventId.ToString(), d.EventId,
        d.EventType, d.Status, d.Status == WebhookDelivery.Succeeded, d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.CreatedAt,
        attempts.Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.Success, a.Error, a.DurationMs)).ToList());

    private static PageRequest<Guid> Paging(int? limit, string? cursor)
    {
        var errors = new ValidationErrors();
        var paging = PageCursor.Read<Guid>(errors, limit, cursor, PageCursor.LegacyUuid);
        errors.ThrowIfAny();
        return paging;
    }
}
