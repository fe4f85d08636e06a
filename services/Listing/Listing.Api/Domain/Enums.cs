namespace Listing.Api.Domain;

// Wire names are snake_case of these (PlatformJson): "exclusive_licence", "ic_layout", ...

public enum ContributorRole { Inventor, TransferStaff }

public enum IpAssetKind { Patent, PatentApplication, SoftwareCopyright, IcLayout, PlantVariety, BiomedicalVariety, TradeSecret }

public enum RightsModel { UnitOwned, ResearcherCoOwned, LongTermUseRight }

public enum ExportClass { Free, Restricted, Prohibited }

public enum DealMode { Transfer, ExclusiveLicence, NonExclusiveLicence, Equity }

public enum PricingMethod { Agreement, ExchangeListing, Auction }

public enum ListingStatus { Draft, Published, Withdrawn, Transferred, LicensedExclusively }
