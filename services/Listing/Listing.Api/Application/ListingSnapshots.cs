using Listing.Api.Domain;
using Listing.Contracts;
using Platform.BuildingBlocks.Hosting;

namespace Listing.Api.Application;

/// <summary>
/// A listing as its events carry it (Listing.Contracts): built here, where endpoints and consumers both reach it,
/// so that neither calls into the other.
/// </summary>
public static class ListingSnapshots
{
    public static ListingSnapshot Of(ListingOffer l, Invention i) => new()
    {
        ListingId = l.Id,
        InventionId = i.Id,
        UniversityId = l.UniversityId,
        Status = l.Status.ToWire(),
        Title = i.Content.Title,
        Field = i.Content.Field,
        Trl = i.Content.Trl,
        Modes = l.Modes.Select(m => m.ToWire()).ToList(),
        Pricing = new PricingSnapshot { Method = l.Pricing.Method.ToWire(), AskingPrice = l.Pricing.AskingPrice },
        Exchanges = l.Exchanges,
        ExportControl = new ExportControlSnapshot
        {
            Class = i.Content.ExportControl.Class.ToWire(),
            CatalogueItem = i.Content.ExportControl.CatalogueItem,
            DualUse = i.Content.ExportControl.DualUse,
        },
        Rights = new RightsSnapshot
        {
            Model = i.Content.Rights.Model.ToWire(), ResearcherShare = i.Content.Rights.ResearcherShare, Years = i.Content.Rights.Years,
        },
        IpAssets = i.Content.IpAssets.Select(a => new IpAssetSnapshot
        {
            Kind = a.Kind.ToWire(), Number = a.Number, Jurisdiction = a.Jurisdiction, Status = a.Status,
        }).ToList(),
        Contributors = i.Content.Contributors.Select(c => new ContributorSnapshot
        {
            PersonId = c.PersonId, Name = c.Name, Share = c.Share, MainContributor = c.MainContributor,
            Role = c.Role.ToWire(), UnitHead = c.UnitHead, LeadershipPost = c.LeadershipPost,
        }).ToList(),
        Version = l.Version,
    };
}
