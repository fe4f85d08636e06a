using Platform.BuildingBlocks.OpenApi;

namespace CrossBorder.Api.OpenApi;

/// <summary>The service's OpenAPI title, what it owns, and a line for each tag (the shared introduction is added to it).</summary>
public static class ApiDocument
{
    public static readonly ServiceDocument Value = new(
        "Cross-border exchange API",
        "The cross-border service owns the exchanges and their linkages, exchange listings, deals and their public notice, export control and contract registration, FX rates, and the event feed and webhooks exchanges subscribe to. Its rules: services/CrossBorder/README.md in the repository.",
        new Dictionary<string, string>
        {
            ["Exchanges"] = "The linked exchanges (Shanghai's and partners abroad), their linkages, and where each listing is listed.",
            ["Export control"] = "The export-control catalogue that decides whether a technology may go abroad.",
            ["FX rates"] = "Reference exchange rates to CNY by date, for prices in other currencies.",
            ["Events"] = "The event feed: what happened to listings, deals and the ledger, each caller seeing its own.",
            ["Calendar"] = "Holidays and make-up working days that count a public notice's working days.",
            ["Deals"] = "Deals: recording, public notice and objections, conclusion, contract registration.",
            ["Webhooks"] = "Exchanges' webhook subscriptions, signed deliveries with retries, the delivery log.",
        });
}
