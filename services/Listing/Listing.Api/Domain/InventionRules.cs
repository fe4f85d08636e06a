using System.Diagnostics;
using Platform.BuildingBlocks.Errors;

namespace Listing.Api.Domain;

/// <summary>
/// The rules of services/Listing/README.md §1 on an invention as submitted. Each broken rule is a 400 naming the field.
/// </summary>
public static class InventionRules
{
    public const decimal MainContributorMinimum = 0.50m; // 国发〔2016〕16号
    public const int LongTermUseMinimumYears = 10;

    public static InventionContent Validate(InventionRequest? r)
    {
        var errors = new ValidationErrors();
        if (r is null)
        {
            errors.Add("$", "A body is required.").ThrowIfAny();
            throw new UnreachableException();
        }
        errors.Check(!string.IsNullOrWhiteSpace(r.Title) && r.Title.Length <= 500, "title", "Required, at most 500 characters.");
        errors.Check(r.Abstract is null || r.Abstract.Length <= 20000, "abstract", "At most 20000 characters.");
        errors.Check(!string.IsNullOrWhiteSpace(r.Field) && r.Field.Length <= 100, "field", "Required, at most 100 characters.");
        errors.Check(r.Trl is >= 1 and <= 9, "trl", "Technology readiness level must be 1 to 9.");

        ValidateContributors(r.Contributors, errors);

        var assets = r.IpAssets ?? [];
        for (var i = 0; i < assets.Count; i++)
            errors.Check(assets[i]?.Kind is not null, $"ipAssets[{i}].kind",
                "Required: patent, patent_application, software_copyright, ic_layout, plant_variety, biomedical_variety or trade_secret.");

        ValidateRights(r.Rights, errors);
        ValidateExportControl(r.ExportControl, errors);
        errors.ThrowIfAny();

        return new InventionContent(
            r.Title!.Trim(), r.Abstract ?? "", r.Field!.Trim(), r.IpcClass, r.Trl!.Value,
            r.Contributors!.Select(c => new Contributor(c!.PersonId!, c.Name!, c.Share!.Value, c.MainContributor ?? false,
                c.Role ?? ContributorRole.Inventor, c.UnitHead ?? false, c.LeadershipPost ?? false)).ToList(),
            assets.Select(a => new IpAsset(a!.Kind!.Value, a.Number, a.Jurisdiction, a.Status)).ToList(),
            new Rights(r.Rights!.Model!.Value, r.Rights.ResearcherShare, r.Rights.Years),
            new ExportControl(r.ExportControl!.Class!.Value, r.ExportControl.CatalogueItem, r.ExportControl.DualUse ?? false));
    }

    private static void ValidateContributors(IReadOnlyList<ContributorRequest?>? contributors, ValidationErrors errors)
    {
        if (contributors is null || contributors.Count == 0)
        {
            errors.Add("contributors", "At least one contributor is required.");
            return;
        }
        for (var i = 0; i < contributors.Count; i++)
        {
            var c = contributors[i];
            var at = $"contributors[{i}]";
            if (c is null) { errors.Add(at, "Must be an object."); continue; }
            errors.Check(!string.IsNullOrWhiteSpace(c.PersonId) && c.PersonId.Length <= 100, $"{at}.personId", "Required, at most 100 characters.");
            errors.Check(!string.IsNullOrWhiteSpace(c.Name) && c.Name.Length <= 200, $"{at}.name", "Required, at most 200 characters.");
            errors.Check(c.Share is > 0m and <= 1m, $"{at}.share", "Share must be greater than 0 and at most 1.");
            errors.Check(!(c.UnitHead == true && c.LeadershipPost != true), $"{at}.leadershipPost",
                "A unit head (unitHead) also holds a leadership post: leadershipPost must be true.");
        }
        var valid = contributors.Where(c => c is not null).ToList();
        var duplicates = valid.GroupBy(c => c!.PersonId, StringComparer.Ordinal).Where(g => g.Key is not null && g.Count() > 1);
        foreach (var d in duplicates)
            errors.Add("contributors", $"personId '{d.Key}' appears more than once.");
        if (valid.All(c => c!.Share is > 0m and <= 1m))
        {
            var sum = valid.Sum(c => c!.Share!.Value);
            errors.Check(sum == 1m, "contributors", $"Contributor shares must sum to exactly 1 (they sum to {sum}).");
            var main = valid.Where(c => c!.MainContributor == true).Sum(c => c!.Share!.Value);
            errors.Check(main >= MainContributorMinimum, "contributors",
                $"Main contributors together must hold at least {MainContributorMinimum} of the shares (they hold {main}).");
        }
    }

    private static void ValidateRights(RightsRequest? rights, ValidationErrors errors)
    {
        if (rights?.Model is null)
        {
            errors.Add("rights.model", "Required: unit_owned, researcher_co_owned or long_term_use_right.");
            return;
        }
        switch (rights.Model)
        {
            case RightsModel.ResearcherCoOwned:
                errors.Check(rights.ResearcherShare is > 0m and < 1m, "rights.researcherShare",
                    "researcher_co_owned needs researcherShare greater than 0 and less than 1.");
                break;
            case RightsModel.LongTermUseRight:
                errors.Check(rights.Years >= LongTermUseMinimumYears, "rights.years",
                    $"long_term_use_right needs years of at least {LongTermUseMinimumYears}.");
                break;
        }
        if (rights.Model != RightsModel.ResearcherCoOwned)
            errors.Check(rights.ResearcherShare is null, "rights.researcherShare", "Only researcher_co_owned has a researcherShare.");
        if (rights.Model != RightsModel.LongTermUseRight)
            errors.Check(rights.Years is null, "rights.years", "Only long_term_use_right has years.");
    }

    private static void ValidateExportControl(ExportControlRequest? exportControl, ValidationErrors errors)
    {
        if (exportControl?.Class is null)
        {
            errors.Add("exportControl.class", "Required: free, restricted or prohibited.");
            return;
        }
        if (exportControl.Class != ExportClass.Free)
            errors.Check(!string.IsNullOrWhiteSpace(exportControl.CatalogueItem), "exportControl.catalogueItem",
                "A restricted or prohibited technology names its catalogue item.");
    }
}
