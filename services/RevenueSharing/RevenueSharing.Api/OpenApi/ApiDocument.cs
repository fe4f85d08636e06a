using Platform.BuildingBlocks.OpenApi;

namespace RevenueSharing.Api.OpenApi;

/// <summary>The service's OpenAPI title, what it owns, and a line for each tag (the shared introduction is added to it).</summary>
public static class ApiDocument
{
    public static readonly ServiceDocument Value = new(
        "Revenue-sharing API",
        "The revenue-sharing service owns what a transfer earned and who gets it: receipts and direct costs, net income, the inventors' reward at the policy share (never below the floor), payouts with tax withheld, and the tamper-evident ledger an auditor verifies (hash chain, Merkle log, signed heads, offline export). Its rules: services/RevenueSharing/README.md in the repository.",
        new Dictionary<string, string>
        {
            ["Income"] = "Receipts and direct costs of a deal, and their reversals: what makes its net income.",
            ["Accounts"] = "A deal's account: net income, the reward pool, each contributor's part, equity and its sales.",
            ["Payouts"] = "Rewards due to each contributor, their payment with a bank reference, and the publicity of rewards.",
            ["Policies"] = "Each university's reward policy (versioned), jurisdictions and their floors.",
            ["Audit"] = "The ledger for auditors: a deal's trace, chain verification, signed heads, proofs, the export and the compliance report.",
            ["Self-implementation"] = "Inventions a university implements itself: yearly profit reports and the rewards they give.",
            ["Universities"] = "The register of universities (tenants), kept by admins.",
        });
}
