using Platform.BuildingBlocks.Errors;
using Platform.BuildingBlocks.Hosting;

namespace RevenueSharing.Api.Domain;

/// <summary>Direct cost categories (services/RevenueSharing/README.md §3, 上海市促进科技成果转化条例 Art. 34).</summary>
public enum CostCategory
{
    RelatedTax, Maintenance, Appraisal, Authentication, ExchangeFee, Negotiation, Legal,
    // Not allowable: they may never reduce the net income.
    RdSalary, FiscalRdFunds, Overhead,
}

public static class CostRules
{
    public static bool IsAllowable(CostCategory category) =>
        category is not (CostCategory.RdSalary or CostCategory.FiscalRdFunds or CostCategory.Overhead);

    public static void RequireAllowable(CostCategory category)
    {
        if (!IsAllowable(category))
            throw ProblemException.Rule("cost-not-allowed", "This cost may not be deducted from the income.",
                $"'{category.ToWire()}' is not an allowable direct cost (RevenueSharing README §3): R&D salaries, fiscal R&D funds and overhead are never deducted.");
    }
}
