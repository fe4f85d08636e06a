using System.Buffers.Text;
using System.Text;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Rules.Audit;

/// <summary>One export entry checked on its own: its facts, and its leaf, stored and previous hashes (32 bytes each).</summary>
internal sealed class CheckedEntry
{
    public required long Sequence { get; init; }
    public required Guid DealId { get; init; }
    public required string Kind { get; init; }
    public required decimal Amount { get; init; }
    public required string? PersonId { get; init; }
    public required string SourceType { get; init; }
    public required Guid SourceId { get; init; }
    /// <summary>The stored hash is the SHA-256 of the canonical JSON.</summary>
    public bool Recomputes { get; set; }
    public bool StoredValid { get; set; }
    public bool PrevValid { get; set; }
    /// <summary>Leaf hash, stored hash, previous hash: held inline, so an entry is one allocation, not two.</summary>
    private HashTriple _hashes;

    public Span<byte> Hashes => _hashes;

    [System.Runtime.CompilerServices.InlineArray(3 * MerkleTree.HashSize)]
    private struct HashTriple
    {
#pragma warning disable IDE0044, IDE0051 // the inline array's element: the runtime repeats it, nothing names it
        private byte _byte;
#pragma warning restore IDE0044, IDE0051
    }

    /// <summary>The general path: from a parsed entry, through the documented canonical encoding.</summary>
    public static CheckedEntry From(ExportedEntry entry, byte[] buffer)
    {
        var length = entry.CanonicalUtf8(buffer.AsSpan(1));
        if (length < 0) // an entry longer than any the service writes
        {
            var bytes = Encoding.UTF8.GetBytes(entry.CanonicalJson());
            buffer = new byte[1 + bytes.Length];
            bytes.CopyTo(buffer, 1);
            length = bytes.Length;
        }
        var checkedEntry = new CheckedEntry
        {
            Sequence = entry.Sequence, DealId = entry.DealId, Kind = entry.EntryKind, Amount = LedgerExport.Decimal(entry.Amount),
            PersonId = entry.PersonId, SourceType = entry.SourceType, SourceId = entry.SourceId,
        };
        checkedEntry.Hash(buffer, length, Encoding.UTF8.GetBytes(entry.Hash), Encoding.UTF8.GetBytes(entry.PrevHash));
        return checkedEntry;
    }

    /// <summary>Hashes the canonical bytes at buffer[1..length+1] (the leaf and the chain hash) and decodes the stored and previous hashes.</summary>
    public void Hash(byte[] buffer, int length, ReadOnlySpan<byte> storedHex, ReadOnlySpan<byte> prevHex)
    {
        const int H = MerkleTree.HashSize;
        var canonical = buffer.AsSpan(1, length);
        Sha256.Hash(MerkleTree.LeafPrefix, canonical, Hashes[..H]);
        Span<byte> computed = stackalloc byte[H];
        Sha256.Hash(canonical, computed);
        StoredValid = DecodeHash(storedHex, Hashes.Slice(H, H));
        Recomputes = StoredValid && computed.SequenceEqual(Hashes.Slice(H, H));
        PrevValid = DecodeHash(prevHex, Hashes.Slice(2 * H, H));
    }

    /// <summary>A hash as the service stores it: 64 lower-case hex digits (checked and decoded vectorised).</summary>
    private static bool DecodeHash(ReadOnlySpan<byte> hex, Span<byte> bytes) =>
        hex.Length == 2 * MerkleTree.HashSize && !hex.ContainsAnyExcept(LowerHex)
        && Convert.FromHexString(hex, bytes, out _, out _) == System.Buffers.OperationStatus.Done;

    private static readonly System.Buffers.SearchValues<byte> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef"u8);
}

/// <summary>
/// The fast path for the export's entry lines: a line exactly as the platform writes it (its keys in the export's
/// order, every value already in canonical form: amounts with two decimals, times to the microsecond, lower-case ids,
/// plain ASCII with nothing escaped) is matched byte by byte, and its canonical JSON assembled from the line's own
/// bytes in key order, with no strings made. A general JSON reader measured two thirds of the verifier's parsing time.
/// Anything else (another key order, an escape, a field missing, a space) takes the general path, which decides.
/// </summary>
internal static class EntryLine
{
    [ThreadStatic] private static byte[]? _buffer;

    public static byte[] Buffer => _buffer ??= new byte[1 + 3 * 1024];

    public static CheckedEntry? TryCheck(ReadOnlySpan<byte> line)
    {
        var scan = new LineScanner(line);
        ReadOnlySpan<byte> amount = default, at = default, currency = default, dealId = default, kind = default, party = default,
            personId = default, prevHash = default, sequence = default, sourceId = default, sourceType = default, hash = default;
        bool personNull = false, partyNull = false;
        var matches = scan.Literal("{\"sequence\":"u8) && scan.Digits(out sequence)
            && scan.Literal(",\"at\":"u8) && scan.String(out at)
            && scan.Literal(",\"dealId\":"u8) && scan.String(out dealId)
            && scan.Literal(",\"kind\":"u8) && scan.String(out kind)
            && scan.Literal(",\"amount\":"u8) && scan.String(out amount)
            && scan.Literal(",\"currency\":"u8) && scan.String(out currency)
            && scan.Literal(",\"personId\":"u8) && scan.StringOrNull(out personId, out personNull)
            && scan.Literal(",\"party\":"u8) && scan.StringOrNull(out party, out partyNull)
            && scan.Literal(",\"sourceType\":"u8) && scan.String(out sourceType)
            && scan.Literal(",\"sourceId\":"u8) && scan.String(out sourceId)
            && scan.Literal(",\"prevHash\":"u8) && scan.String(out prevHash)
            && scan.Literal(",\"hash\":"u8) && scan.String(out hash)
            && scan.Literal(",\"type\":\"entry\"}"u8) && scan.AtEnd;
        if (!matches || currency.IsEmpty || kind.IsEmpty || sourceType.IsEmpty
            || prevHash.IsEmpty || hash.IsEmpty || !IsCanonicalAmount(amount) || !IsCanonicalInteger(sequence) || !IsCanonicalTime(at)
            || !IsCanonicalGuid(dealId) || !IsCanonicalGuid(sourceId)
            || !Utf8Parser.TryParse(sequence, out long sequenceValue, out _) || !Utf8Parser.TryParse(amount, out decimal amountValue, out _)
            || !Utf8Parser.TryParse(dealId, out Guid deal, out _, 'D') || !Utf8Parser.TryParse(sourceId, out Guid source, out _, 'D'))
            return null;

        var buffer = Buffer;
        var w = 1;
        bool Put(ReadOnlySpan<byte> bytes)
        {
            if (w + bytes.Length > buffer.Length) return false;
            bytes.CopyTo(buffer.AsSpan(w));
            w += bytes.Length;
            return true;
        }
        var fits = Put("{\"amount\":\""u8) && Put(amount) && Put("\",\"at\":\""u8) && Put(at) && Put("\",\"currency\":\""u8) && Put(currency)
            && Put("\",\"dealId\":\""u8) && Put(dealId) && Put("\",\"kind\":\""u8) && Put(kind) && Put("\""u8)
            && (partyNull || Put(",\"party\":\""u8) && Put(party) && Put("\""u8))
            && (personNull ? Put(",\"personId\":null"u8) : Put(",\"personId\":\""u8) && Put(personId) && Put("\""u8))
            && Put(",\"prevHash\":\""u8) && Put(prevHash) && Put("\",\"sequence\":"u8) && Put(sequence)
            && Put(",\"sourceId\":\""u8) && Put(sourceId) && Put("\",\"sourceType\":\""u8) && Put(sourceType) && Put("\"}"u8);
        if (!fits) return null;
        var entry = new CheckedEntry
        {
            Sequence = sequenceValue, DealId = deal, Kind = Known(kind), Amount = amountValue,
            PersonId = personNull ? null : Encoding.UTF8.GetString(personId), SourceType = Known(sourceType), SourceId = source,
        };
        entry.Hash(buffer, w - 1, hash, prevHash);
        return entry;
    }

    /// <summary>Reads a line in one fixed layout: each step matches or the whole line goes to the general path.</summary>
    private ref struct LineScanner(ReadOnlySpan<byte> line)
    {
        private readonly ReadOnlySpan<byte> _line = line;
        private int _at;

        public readonly bool AtEnd => _at == _line.Length;

        public bool Literal(ReadOnlySpan<byte> expected)
        {
            if (!_line[_at..].StartsWith(expected)) return false;
            _at += expected.Length;
            return true;
        }

        public bool Digits(out ReadOnlySpan<byte> value)
        {
            var rest = _line[_at..];
            var length = rest.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            value = rest[..(length < 0 ? rest.Length : length)];
            _at += value.Length;
            return !value.IsEmpty;
        }

        /// <summary>A string of printable ASCII with no quote or backslash: its bytes are its canonical encoding.</summary>
        public bool String(out ReadOnlySpan<byte> value)
        {
            value = default;
            var rest = _line[_at..];
            if (rest.IsEmpty || rest[0] != '"') return false;
            var length = rest[1..].IndexOfAny((byte)'"', (byte)'\\');
            if (length < 0 || rest[1 + length] != '"') return false;
            value = rest.Slice(1, length);
            if (value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0) return false;
            _at += length + 2;
            return true;
        }

        public bool StringOrNull(out ReadOnlySpan<byte> value, out bool isNull)
        {
            isNull = _line[_at..].StartsWith("null"u8);
            if (!isNull) return String(out value);
            value = default;
            _at += 4;
            return true;
        }
    }

    /// <summary>The entry kinds and source types the service writes, without making a string for each line.</summary>
    private static readonly string[] KnownWords =
    [
        LedgerKinds.Receipt, LedgerKinds.Withholding, LedgerKinds.Cost, LedgerKinds.CoOwnerShare, LedgerKinds.CoOwnerWithholding,
        LedgerKinds.Distribution, LedgerKinds.UnitRemainder, LedgerKinds.PayoutScheduled, LedgerKinds.PayoutPaid, LedgerKinds.EquityGrant,
        LedgerKinds.EquitySale, LedgerKinds.EquitySaleTax, "payout", "profit_report", "equity_sale", "equity_grant",
    ];

    public static bool IsKnownWord(string word)
    {
        foreach (var known in KnownWords)
            if (ReferenceEquals(word, known)) return true;
        return false;
    }

    private static string Known(ReadOnlySpan<byte> word)
    {
        foreach (var known in KnownWords)
            if (word.Length == known.Length && Ascii.Equals(word, known)) return known;
        return Encoding.UTF8.GetString(word);
    }

    /// <summary>As decimal.ToString("F2") writes it: no leading zeros or plus, two decimals, no negative zero.</summary>
    private static bool IsCanonicalAmount(ReadOnlySpan<byte> s)
    {
        if (s.Length is < 4 or > 31) return false;
        var digits = s[0] == '-' ? s[1..] : s;
        var dot = digits.Length - 3;
        if (dot < 1 || digits[dot] != '.' || !IsDigits(digits[..dot]) || !IsDigits(digits[(dot + 1)..])) return false;
        if (dot > 1 && digits[0] == '0') return false;
        return !(s[0] == '-' && digits.SequenceEqual("0.00"u8));
    }

    private static bool IsCanonicalInteger(ReadOnlySpan<byte> s) =>
        s.Length is > 0 and <= 18 && IsDigits(s) && (s.Length == 1 || s[0] != '0');

    /// <summary>yyyy-MM-ddTHH:mm:ss.ffffffZ, a real instant.</summary>
    private static bool IsCanonicalTime(ReadOnlySpan<byte> s)
    {
        if (s.Length != 27 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[26] != 'Z') return false;
        if (!IsDigits(s[..4]) || !IsDigits(s[5..7]) || !IsDigits(s[8..10]) || !IsDigits(s[11..13]) || !IsDigits(s[14..16])
            || !IsDigits(s[17..19]) || !IsDigits(s[20..26])) return false;
        static int Number(ReadOnlySpan<byte> d) { var n = 0; foreach (var c in d) n = n * 10 + (c - '0'); return n; }
        var (year, month, day) = (Number(s[..4]), Number(s[5..7]), Number(s[8..10]));
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && Number(s[11..13]) < 24 && Number(s[14..16]) < 60 && Number(s[17..19]) < 60;
    }

    /// <summary>8-4-4-4-12 lower-case hex, as Guid.ToString("D") writes it.</summary>
    private static bool IsCanonicalGuid(ReadOnlySpan<byte> s)
    {
        if (s.Length != 36) return false;
        for (var i = 0; i < 36; i++)
        {
            var c = s[i];
            if (i is 8 or 13 or 18 or 23 ? c != '-' : !(c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f')) return false;
        }
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<byte> s) => !s.IsEmpty && s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}
