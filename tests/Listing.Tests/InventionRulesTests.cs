using Listing.Api.Domain;
using Platform.BuildingBlocks.Errors;

namespace Listing.Tests;

/// <summary>services/Listing/README.md §1, one broken rule per case: a 400 naming the field.</summary>
public class InventionRulesTests
{
    public static InventionRequest Valid() => new(
        "Solid-state electrolyte", "abstract", "new_energy", "H01M", 4,
        [
            new ContributorRequest("p-001", "Li Wei", 0.40m, true, ContributorRole.Inventor, false, false),
            new ContributorRequest("p-002", "Wang Fang", 0.30m, true, ContributorRole.Inventor, false, false),
            new ContributorRequest("p-003", "Zhao Min", 0.20m, false, ContributorRole.Inventor, false, false),
            new ContributorRequest("p-004", "Qian Jun", 0.10m, false, ContributorRole.TransferStaff, false, false),
        ],
        [new IpAssetRequest(IpAssetKind.Patent, "CN114000000B", "CN", "granted")],
        new RightsRequest(RightsModel.UnitOwned, null, null),
        new ExportControlRequest(ExportClass.Free, null, false));

    private static IDictionary<string, string[]> Errors(InventionRequest r) =>
        Assert.Throws<RequestValidationException>(() => InventionRules.Validate(r)).Errors;

    private static InventionRequest WithContributors(params ContributorRequest[] c) => Valid() with { Contributors = c };

    [Fact]
    public void A_valid_invention_passes_and_keeps_every_field()
    {
        var content = InventionRules.Validate(Valid());
        Assert.Equal(4, content.Contributors.Count);
        Assert.Equal(ContributorRole.TransferStaff, content.Contributors[3].Role);
        Assert.Equal(IpAssetKind.Patent, content.IpAssets.Single().Kind);
    }

    [Fact]
    public void Shares_must_sum_to_exactly_one() =>
        Assert.Contains("contributors", Errors(WithContributors(
            new ContributorRequest("a", "A", 0.60m, true, null, null, null),
            new ContributorRequest("b", "B", 0.39m, false, null, null, null))).Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    public void Each_share_is_above_zero_and_at_most_one(decimal share) =>
        Assert.Contains("contributors[0].share", Errors(WithContributors(
            new ContributorRequest("a", "A", share, true, null, null, null))).Keys);

    [Fact]
    public void Main_contributors_hold_at_least_half()
    {
        var errors = Errors(WithContributors(
            new ContributorRequest("a", "A", 0.49m, true, null, null, null),
            new ContributorRequest("b", "B", 0.51m, false, null, null, null)));
        Assert.Contains(errors["contributors"], m => m.Contains("at least 0.50"));
    }

    [Fact]
    public void Main_contributors_with_exactly_half_pass() =>
        InventionRules.Validate(WithContributors(
            new ContributorRequest("a", "A", 0.50m, true, null, null, null),
            new ContributorRequest("b", "B", 0.50m, false, null, null, null)));

    [Fact]
    public void A_unit_head_holds_a_leadership_post() =>
        Assert.Contains("contributors[0].leadershipPost", Errors(WithContributors(
            new ContributorRequest("a", "A", 1m, true, null, true, false))).Keys);

    [Fact]
    public void A_person_appears_once() =>
        Assert.Contains("contributors", Errors(WithContributors(
            new ContributorRequest("a", "A", 0.5m, true, null, null, null),
            new ContributorRequest("a", "A again", 0.5m, true, null, null, null))).Keys);

    [Fact]
    public void At_least_one_contributor() =>
        Assert.Contains("contributors", Errors(WithContributors()).Keys);

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void Trl_is_one_to_nine(int trl) => Assert.Contains("trl", Errors(Valid() with { Trl = trl }).Keys);

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Researcher_co_ownership_needs_a_share_strictly_between_zero_and_one(double? share) =>
        Assert.Contains("rights.researcherShare", Errors(Valid() with
        {
            Rights = new RightsRequest(RightsModel.ResearcherCoOwned, share is null ? null : (decimal)share, null),
        }).Keys);

    [Fact]
    public void A_long_term_use_right_lasts_at_least_ten_years()
    {
        Assert.Contains("rights.years", Errors(Valid() with { Rights = new RightsRequest(RightsModel.LongTermUseRight, null, 9) }).Keys);
        InventionRules.Validate(Valid() with { Rights = new RightsRequest(RightsModel.LongTermUseRight, null, 10) });
    }

    [Fact]
    public void Rights_model_is_required() =>
        Assert.Contains("rights.model", Errors(Valid() with { Rights = null }).Keys);

    [Theory]
    [InlineData(ExportClass.Restricted)]
    [InlineData(ExportClass.Prohibited)]
    public void Controlled_technology_names_its_catalogue_item(ExportClass exportClass) =>
        Assert.Contains("exportControl.catalogueItem", Errors(Valid() with
        {
            ExportControl = new ExportControlRequest(exportClass, null, false),
        }).Keys);

    [Fact]
    public void An_ip_asset_has_a_kind() =>
        Assert.Contains("ipAssets[0].kind", Errors(Valid() with { IpAssets = [new IpAssetRequest(null, "x", null, null)] }).Keys);

    [Fact]
    public void Title_and_field_are_required()
    {
        var errors = Errors(Valid() with { Title = " ", Field = null });
        Assert.Contains("title", errors.Keys);
        Assert.Contains("field", errors.Keys);
    }
}
