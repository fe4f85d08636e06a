using System.ComponentModel.DataAnnotations;
using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Monetary;

namespace Listing.Api.Domain;

/// <summary>
/// A listing: an invention offered on exchanges (services/Listing/README.md §2). Lifecycle draft → published → withdrawn;
/// deal events move it to transferred or licensed_exclusively.
/// </summary>
public sealed class ListingOffer
{
    public Guid Id { get; init; }
    public Guid InventionId { get; init; }
    public required string UniversityId { get; init; }
    public ListingStatus Status { get; private set; } = ListingStatus.Draft;
    public required IReadOnlyList<DealMode> Modes { get; set; }
    public required Pricing Pricing { get; set; }
    public required IReadOnlyList<string> Exchanges { get; set; }
    public long Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Read model fed by valuation.completed: the latest valuation range.</summary>
    public ValuationRange? Valuation { get; set; }
    /// <summary>Read model fed by the cross-border service: where the listing is (and is not) listed.</summary>
    public IReadOnlyList<ExchangePlacement> ExchangeListings { get; set; } = [];
    public long ExchangeListingsVersion { get; set; }

    public void Publish(DateTimeOffset now)
    {
        if (Status != ListingStatus.Draft)
            throw ProblemException.Conflict("listing-not-draft", "Only a draft listing can be published.", $"The listing is {Status}.");
        Status = ListingStatus.Published;
        Touch(now);
    }

    public void Withdraw(DateTimeOffset now)
    {
        if (Status is not (ListingStatus.Draft or ListingStatus.Published))
            throw ProblemException.Conflict("listing-not-offered", "Only a draft or published listing can be withdrawn.", $"The listing is {Status}.");
        Status = ListingStatus.Withdrawn;
        Touch(now);
    }

    /// <summary>
    /// deal.concluded: a concluded transfer or exclusive licence ends the offer (services/Listing/README.md §2).
    /// Returns whether the listing changed.
    /// </summary>
    public bool EndOfferBy(string dealMode, DateTimeOffset now)
    {
        var ended = dealMode switch
        {
            "transfer" => ListingStatus.Transferred,
            "exclusive_licence" => ListingStatus.LicensedExclusively,
            _ => (ListingStatus?)null,
        };
        if (ended is null || Status == ended) return false;
        Status = ended.Value;
        Touch(now);
        return true;
    }

    /// <summary>A new version: the listing or what it carries of its invention changed.</summary>
    public void Touch(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

public sealed record Pricing(PricingMethod Method, Money? AskingPrice);

public sealed record ValuationRange(Guid ValuationId, Money P10, Money P50, Money P90, long OccurredAtTicks);

public sealed record ExchangePlacement(string Exchange, string Status, string? Reason);

/// <summary>The listing body as a client sends it.</summary>
public sealed record ListingRequest([property: Required] Guid? InventionId, [property: Required] IReadOnlyList<DealMode>? Modes, [property: Required] PricingRequest? Pricing,
    [property: Required] IReadOnlyList<string?>? Exchanges);

public sealed record PricingRequest([property: Required] PricingMethod? Method, Money? AskingPrice);

public static class ListingRules
{
    public static (IReadOnlyList<DealMode> Modes, Pricing Pricing, IReadOnlyList<string> Exchanges) Validate(ListingRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null) { errors.Add("$", "A body is required.").ThrowIfAny(); }
        errors.Check(r!.InventionId is not null && r.InventionId != Guid.Empty, "inventionId", "Required.");
        errors.Check(r.Modes is { Count: > 0 }, "modes", "At least one mode: transfer, exclusive_licence, non_exclusive_licence or equity.");
        errors.Check(r.Modes is null || r.Modes.Distinct().Count() == r.Modes.Count, "modes", "Each mode at most once.");
        errors.Check(r.Pricing?.Method is not null, "pricing.method", "Required: agreement, exchange_listing or auction.");
        errors.Check(r.Pricing?.AskingPrice is null || r.Pricing.AskingPrice.Value.Amount > 0, "pricing.askingPrice", "Must be positive.");
        errors.Check(r.Exchanges is { Count: > 0 }, "exchanges", "At least one exchange code, e.g. STEX.");
        var codes = r.Exchanges ?? [];
        for (var i = 0; i < codes.Count; i++)
            errors.Check(codes[i] is { Length: >= 2 and <= 16 } code && code.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '-'),
                $"exchanges[{i}]", "An exchange code: 2 to 16 upper-case letters, digits or '-'.");
        errors.Check(codes.Distinct().Count() == codes.Count, "exchanges", "Each exchange at most once.");
        errors.ThrowIfAny();
        return (r.Modes!, new Pricing(r.Pricing!.Method!.Value, r.Pricing.AskingPrice), codes.Select(c => c!).ToList());
    }
}
