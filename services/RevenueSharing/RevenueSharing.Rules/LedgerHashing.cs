using System.Globalization;
using System.Text;

namespace RevenueSharing.Rules;

/// <summary>
/// Entry kinds. A receipt's entries partition its gross exactly (README §7): receipt (what arrived for the unit),
/// withholding (the unit's part of the tax withheld abroad), co_owner_share (what arrived for researcher co-owners)
/// and co_owner_withholding (their part of the withholding).
/// </summary>
public static class LedgerKinds
{
    public const string Receipt = "receipt";
    public const string Withholding = "withholding";
    public const string Cost = "cost";
    public const string CoOwnerShare = "co_owner_share";
    public const string CoOwnerWithholding = "co_owner_withholding";
    /// <summary>The kinds whose entries name a receipt as their source and sum to its gross.</summary>
    public static readonly IReadOnlySet<string> OfReceipt = new HashSet<string> { Receipt, Withholding, CoOwnerShare, CoOwnerWithholding };
    public const string Distribution = "distribution";
    public const string UnitRemainder = "unit_remainder";
    public const string PayoutScheduled = "payout_scheduled";
    public const string PayoutPaid = "payout_paid";
    public const string EquityGrant = "equity_grant";
    /// <summary>Reward shares sold by a contributor (currency SHARES); the tax due on the sale follows as equity_sale_tax (CNY).</summary>
    public const string EquitySale = "equity_sale";
    public const string EquitySaleTax = "equity_sale_tax";

    /// <summary>The "currency" of equity_grant entries: their amount is a number of shares, not money.</summary>
    public const string SharesUnit = "SHARES";
}

/// <summary>The parts of the unit's remainder (services/RevenueSharing/README.md §4), as named in ledger entries.</summary>
public static class RemainderParties
{
    public const string Department = "department";
    public const string University = "university";
    public const string TransferOffice = "transfer_office";
}

/// <summary>
/// The documented hash of an entry, so an auditor can recompute the chain outside the platform:
/// SHA-256 (lower-case hex) of the RFC 8785 canonical JSON of the object
/// { amount, at, currency, dealId, kind, party, personId, prevHash, sequence, sourceId, sourceType } where amount is
/// a string with exactly 2 decimals (equity_grant entries count shares: currency "SHARES"), at is UTC truncated to microseconds as "yyyy-MM-ddTHH:mm:ss.ffffffZ",
/// ids are lower-case UUIDs, personId is null when the entry names nobody, party is present only on unit_remainder
/// entries (absent, not null, elsewhere, so entries written before it existed hash as they did), and the first entry's prevHash is
/// 64 zeros. Keys are sorted by UTF-16 code units, no whitespace.
/// </summary>
public static class LedgerHashing
{
    public static readonly string Genesis = new('0', 64);

    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero); // 10 ticks = 1 µs, PostgreSQL's precision

    public static string CanonicalJson(long sequence, DateTimeOffset at, Guid dealId, string kind, decimal amount,
        string currency, string? personId, string? party, string sourceType, Guid sourceId, string prevHash)
    {
        var fields = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["amount"] = Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("F2", CultureInfo.InvariantCulture),
            ["at"] = Truncate(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["currency"] = currency,
            ["dealId"] = dealId.ToString("D"),
            ["kind"] = kind,
            ["personId"] = personId,
            ["prevHash"] = prevHash,
            ["sequence"] = sequence,
            ["sourceId"] = sourceId.ToString("D"),
            ["sourceType"] = sourceType,
        };
        if (party is not null) fields["party"] = party;
        var json = new StringBuilder("{");
        foreach (var (key, value) in fields)
        {
            if (json.Length > 1) json.Append(',');
            AppendString(json, key);
            json.Append(':');
            switch (value)
            {
                case null: json.Append("null"); break;
                case long n: json.Append(n.ToString(CultureInfo.InvariantCulture)); break;
                default: AppendString(json, (string)value); break;
            }
        }
        return json.Append('}').ToString();
    }

    public static string Hash(string canonicalJson) =>
        Convert.ToHexStringLower(Sha256.Hash(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>
    /// The same hash as <see cref="Hash"/> of <see cref="CanonicalJson"/>, written into <paramref name="sha256"/> without
    /// allocating: verification hashes a million entries, and building strings was most of its time. The keys are
    /// fixed, so the canonical order is written out; a test holds this to the reference encoding byte for byte.
    /// </summary>
    public static void HashInto(Span<byte> sha256, long sequence, DateTimeOffset at, Guid dealId, string kind, decimal amount,
        string currency, string? personId, string? party, string sourceType, Guid sourceId, string prevHash)
    {
        Span<byte> utf8 = stackalloc byte[1024 * 3];
        var length = CanonicalUtf8(utf8, sequence, at, dealId, kind, amount, currency, personId, party, sourceType, sourceId, prevHash);
        if (length < 0) // longer than any entry the service writes: the reference path
            Sha256.Hash(Encoding.UTF8.GetBytes(CanonicalJson(sequence, at, dealId, kind, amount, currency, personId, party, sourceType, sourceId, prevHash)), sha256);
        else Sha256.Hash(utf8[..length], sha256);
    }

    /// <summary>
    /// The UTF-8 of <see cref="CanonicalJson"/> written into <paramref name="destination"/> (3,072 bytes hold any entry the
    /// service writes); returns its length, or −1 when it does not fit (the caller then encodes <see cref="CanonicalJson"/>).
    /// The Merkle leaf and the chain hash are both taken from these bytes.
    /// </summary>
    public static int CanonicalUtf8(Span<byte> destination, long sequence, DateTimeOffset at, Guid dealId, string kind, decimal amount,
        string currency, string? personId, string? party, string sourceType, Guid sourceId, string prevHash)
    {
        Span<char> chars = stackalloc char[1024];
        var w = new CharWriter(chars);
        w.Raw("{\"amount\":\"");
        w.Format(Math.Round(amount, 2, MidpointRounding.AwayFromZero), "F2");
        w.Raw("\",\"at\":\"");
        w.Format(Truncate(at).UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        w.Raw("\",\"currency\":"); w.String(currency);
        w.Raw(",\"dealId\":\""); w.Format(dealId, "D");
        w.Raw("\",\"kind\":"); w.String(kind);
        if (party is not null) { w.Raw(",\"party\":"); w.String(party); }
        w.Raw(",\"personId\":"); w.String(personId);
        w.Raw(",\"prevHash\":"); w.String(prevHash);
        w.Raw(",\"sequence\":"); w.Format(sequence, null);
        w.Raw(",\"sourceId\":\""); w.Format(sourceId, "D");
        w.Raw("\",\"sourceType\":"); w.String(sourceType);
        w.Raw("}");
        if (w.Overflowed || Encoding.UTF8.GetMaxByteCount(w.Written.Length) > destination.Length
            && Encoding.UTF8.GetByteCount(w.Written) > destination.Length) return -1;
        return Encoding.UTF8.GetBytes(w.Written, destination);
    }

    /// <summary>Appends to a fixed buffer; remembers if it ran out of room instead of throwing.</summary>
    private ref struct CharWriter(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;
        private int _length;
        public bool Overflowed { get; private set; }
        public readonly ReadOnlySpan<char> Written => _buffer[.._length];

        public void Raw(ReadOnlySpan<char> text)
        {
            if (Overflowed || !text.TryCopyTo(_buffer[_length..])) { Overflowed = true; return; }
            _length += text.Length;
        }

        private void Char(char c)
        {
            if (Overflowed || _length == _buffer.Length) { Overflowed = true; return; }
            _buffer[_length++] = c;
        }

        public void Format<T>(T value, string? format) where T : ISpanFormattable
        {
            if (Overflowed || !value.TryFormat(_buffer[_length..], out var written, format, CultureInfo.InvariantCulture)) { Overflowed = true; return; }
            _length += written;
        }

        public void String(string? value)
        {
            if (value is null) { Raw("null"); return; }
            if (value.AsSpan().IndexOfAnyInRange('\0', '\x1f') < 0 && value.AsSpan().IndexOfAny('"', '\\') < 0)
            {
                // Nothing to escape (hashes, ids, kinds): copied whole, which is most of the verifier's encoding time.
                Raw("\"");
                Raw(value);
                Raw("\"");
                return;
            }
            Raw("\"");
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': Raw("\\\""); break;
                    case '\\': Raw("\\\\"); break;
                    case '\b': Raw("\\b"); break;
                    case '\f': Raw("\\f"); break;
                    case '\n': Raw("\\n"); break;
                    case '\r': Raw("\\r"); break;
                    case '\t': Raw("\\t"); break;
                    case < ' ': Raw("\\u"); Format((int)c, "x4"); break;
                    default: Char(c); break;
                }
            }
            Raw("\"");
        }
    }

    /// <summary>RFC 8785 string serialisation (as ECMAScript JSON.stringify): only what must be escaped.</summary>
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case < ' ': json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
