using CrossBorder.Contracts;
using Platform.BuildingBlocks.Monetary;

namespace CrossBorder.Api.Domain;

/// <summary>Lapsed: an agreement-priced deal whose conditions no longer held when its notice ended (README §2).</summary>
public enum DealStatus { InPublicity, Objected, Concluded, Cancelled, Lapsed }

public enum DealMode { Transfer, ExclusiveLicence, NonExclusiveLicence, Equity }

public enum DealPricingMethod { Agreement, ExchangeListing, Auction }

/// <summary>A deal on a listing (services/CrossBorder/README.md §2, §6). Its snapshot travels in every deal event.</summary>
public sealed class Deal
{
    public Guid Id { get; init; }
    public Guid ListingId { get; init; }
    public required string UniversityId { get; init; }
    public string? Exchange { get; init; }
    public DealMode Mode { get; init; }
    public DealPricingMethod PricingMethod { get; init; }
    public decimal PriceAmount { get; init; }
    public required string PriceCurrency { get; init; }
    public required string BuyerName { get; init; }
    public required string BuyerCountry { get; init; }
    public bool CrossBorder { get; init; }
    public DealStatus Status { get; set; }
    public string? ExportLicenceNo { get; init; }
    public DateTimeOffset? ContractEffectiveAt { get; init; }
    public DateTimeOffset? ConcludedAt { get; set; }
    public DateTimeOffset? PublicityEndsAt { get; init; }
    public long? EquityTotalShares { get; init; }
    public IReadOnlyList<RegistrationSnapshot> Registrations { get; set; } = [];
    public IReadOnlyList<FlagSnapshot> Flags { get; set; } = [];
    /// <summary>The listing as it was when the deal was recorded: export class, rights, assets, contributors.</summary>
    public required ListingFacts Listing { get; init; }
    /// <summary>
    /// The export-control class that applied when the deal was recorded (declared, or the catalogue's when stricter),
    /// and again when an agreement-priced deal concludes after its notice.
    /// </summary>
    public required string ExportClass { get; set; }
    public long Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }

    public Money Price => new(PriceAmount, PriceCurrency);

    public void Conclude(DateTimeOffset now)
    {
        Status = DealStatus.Concluded;
        ConcludedAt = now;
        Version++;
    }

    /// <summary>The deal does not conclude: a condition of its recording no longer holds at the end of the notice.</summary>
    public void Lapse(FlagSnapshot reason)
    {
        Status = DealStatus.Lapsed;
        Flags = [.. Flags, reason];
        Version++;
    }

    /// <summary>Modes that end the listing's offer: at most one concluded per listing.</summary>
    public static bool IsExclusive(DealMode mode) => mode is DealMode.Transfer or DealMode.ExclusiveLicence;

    public DealSnapshot Snapshot(bool withContributors) => new()
    {
        Id = Id,
        ListingId = ListingId,
        UniversityId = UniversityId,
        Exchange = Exchange,
        Mode = Platform.BuildingBlocks.Hosting.WireEnum.ToWire(Mode),
        PricingMethod = Platform.BuildingBlocks.Hosting.WireEnum.ToWire(PricingMethod),
        Price = Price,
        Buyer = new BuyerSnapshot { Name = BuyerName, Country = BuyerCountry },
        CrossBorder = CrossBorder,
        Status = Platform.BuildingBlocks.Hosting.WireEnum.ToWire(Status),
        ExportLicenceNo = ExportLicenceNo,
        ContractEffectiveAt = ContractEffectiveAt,
        ConcludedAt = ConcludedAt,
        PublicityEndsAt = PublicityEndsAt,
        Equity = EquityTotalShares is { } shares ? new EquitySnapshot { TotalShares = shares } : null,
        Registrations = Registrations,
        Flags = Flags,
        ExportControlClass = ExportClass,
        Rights = Listing.Rights.ToContract(),
        IpAssets = Listing.IpAssets.ToContract(),
        Contributors = withContributors ? Listing.Contributors.ToContract() : null,
        DealVersion = Version,
    };
}
