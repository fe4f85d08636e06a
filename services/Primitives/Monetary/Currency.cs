using System.Xml.Linq;

namespace Platform.BuildingBlocks.Monetary;

/// <summary>
/// The currencies the platform accepts: every active ISO 4217 currency, with its minor-unit digits, read from ISO's
/// own list one (<c>iso-4217-list-one.xml</c>, published by the ISO 4217 maintenance agency; the copy here is dated
/// in its <c>Pblshd</c> attribute and came from the MIT-licensed npm package currency-codes 2.2.0, which ships the
/// file unchanged). Refused: fund codes (<c>IsFund</c>: BOV, CLF, MXV, USN, ...), entries without minor units
/// (gold, SDR, bond units, the testing code XTS, XXX), and any code not in list one (retired ones such as DEM live
/// only in ISO's list three). To follow an ISO amendment, replace the file with ISO's latest list_one.xml.
/// Why a closed list at all: an unknown currency is refused (400), and the minor digits decide how many decimals an
/// amount may carry.
/// </summary>
public static class Currency
{
    public const string Cny = "CNY";

    private static readonly Lazy<(Dictionary<string, int> Digits, string Published)> List = new(Load);

    /// <summary>The publication date of the ISO list in use.</summary>
    public static string Published => List.Value.Published;

    public static IReadOnlyCollection<string> Codes => List.Value.Digits.Keys;

    public static bool IsKnown(string? code) => code is not null && List.Value.Digits.ContainsKey(code);

    /// <summary>Minor-unit digits of a known currency; throws for an unknown one.</summary>
    public static int DigitsOf(string code) =>
        List.Value.Digits.TryGetValue(code, out var digits)
            ? digits
            : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));

    private static (Dictionary<string, int>, string) Load()
    {
        using var stream = typeof(Currency).Assembly.GetManifestResourceStream("iso-4217-list-one.xml")
            ?? throw new InvalidOperationException("The ISO 4217 list is not embedded in the assembly.");
        var document = XDocument.Load(stream);
        var digits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in document.Descendants("CcyNtry"))
        {
            var code = entry.Element("Ccy")?.Value;
            var fund = (string?)entry.Element("CcyNm")?.Attribute("IsFund") == "true";
            if (code is null || fund || !int.TryParse(entry.Element("CcyMnrUnts")?.Value, out var minor)) continue; // N.A.: not money
            digits[code] = minor;
        }
        return (digits, (string?)document.Root?.Attribute("Pblshd") ?? "unknown");
    }
}
