using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
    /// <summary>Leaf hash, stored hash, previous hash.</summary>
    public byte[] Hashes { get; } = new byte[3 * MerkleTree.HashSize];

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

    /// <summary>Hashes the canonical bytes at buffer[1..length+1] and decodes the stored and previous hashes.</summary>
    public void Hash(byte[] buffer, int length, ReadOnlySpan<byte> storedHex, ReadOnlySpan<byte> prevHex)
    {
        const int H = MerkleTree.HashSize;
        buffer[0] = 0; // the leaf prefix of RFC 9162
        SHA256.HashData(buffer.AsSpan(0, 1 + length), Hashes.AsSpan(0, H));
        Span<byte> computed = stackalloc byte[H];
        SHA256.HashData(buffer.AsSpan(1, length), computed);
        StoredValid = DecodeHash(storedHex, Hashes.AsSpan(H, H));
        Recomputes = StoredValid && computed.SequenceEqual(Hashes.AsSpan(H, H));
        PrevValid = DecodeHash(prevHex, Hashes.AsSpan(2 * H, H));
    }

    /// <summary>A hash as the service stores it: 64 lower-case hex digits.</summary>
    private static bool DecodeHash(ReadOnlySpan<byte> hex, Span<byte> bytes)
    {
        if (hex.Length != 2 * MerkleTree.HashSize) return false;
        for (var i = 0; i < MerkleTree.HashSize; i++)
        {
            var high = Nibble(hex[2 * i]);
            var low = Nibble(hex[2 * i + 1]);
            if ((high | low) < 0) return false;
            bytes[i] = (byte)(high << 4 | low);
        }
        return true;
    }

    private static int Nibble(byte c) => c is >= (byte)'0' and <= (byte)'9' ? c - '0' : c is >= (byte)'a' and <= (byte)'f' ? c - 'a' + 10 : -1;
}

/// <summary>
/// The fast path for the export's entry lines: when every value is already in its canonical form (as the platform
/// writes it: amounts with two decimals, times to the microsecond, lower-case ids, nothing escaped), the canonical
/// JSON is assembled from the line's own bytes in key order, with no strings made. Anything else (another order of
/// digits, an escape, a field missing) takes the general path, which decides.
/// </summary>
internal static class EntryLine
{
    [ThreadStatic] private static byte[]? _buffer;

    public static byte[] Buffer => _buffer ??= new byte[1 + 3 * 1024];

    public static CheckedEntry? TryCheck(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        ReadOnlySpan<byte> amount = default, at = default, currency = default, dealId = default, kind = default, party = default,
            personId = default, prevHash = default, sequence = default, sourceId = default, sourceType = default, hash = default, type = default;
        bool personNull = false, partyNull = true, seenPerson = false, seenParty = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return null;
            var name = reader.ValueSpan;
            if (!reader.Read()) return null;
            var isNull = reader.TokenType == JsonTokenType.Null;
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped) return null;
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null)) return null;
            var value = reader.ValueSpan;
            if (name.SequenceEqual("sequence"u8)) { if (reader.TokenType != JsonTokenType.Number) return null; sequence = value; }
            else if (isNull && name.SequenceEqual("personId"u8)) { personNull = true; seenPerson = true; }
            else if (isNull && name.SequenceEqual("party"u8)) { partyNull = true; seenParty = true; }
            else if (isNull || reader.TokenType != JsonTokenType.String) return null;
            else if (name.SequenceEqual("amount"u8)) amount = value;
            else if (name.SequenceEqual("at"u8)) at = value;
            else if (name.SequenceEqual("currency"u8)) currency = value;
            else if (name.SequenceEqual("dealId"u8)) dealId = value;
            else if (name.SequenceEqual("kind"u8)) kind = value;
            else if (name.SequenceEqual("party"u8)) { party = value; partyNull = false; seenParty = true; }
            else if (name.SequenceEqual("personId"u8)) { personId = value; personNull = false; seenPerson = true; }
            else if (name.SequenceEqual("prevHash"u8)) prevHash = value;
            else if (name.SequenceEqual("sourceId"u8)) sourceId = value;
            else if (name.SequenceEqual("sourceType"u8)) sourceType = value;
            else if (name.SequenceEqual("hash"u8)) hash = value;
            else if (name.SequenceEqual("type"u8)) type = value;
            else return null;
        }
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() && reader.TokenType != JsonTokenType.None) return null;
        if (!seenPerson || !seenParty || !type.SequenceEqual("entry"u8) || currency.IsEmpty || kind.IsEmpty || sourceType.IsEmpty
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

    /// <summary>The entry kinds and source types the service writes, without making a string for each line.</summary>
    private static readonly string[] KnownWords =
    [
        LedgerKinds.Receipt, LedgerKinds.Withholding, LedgerKinds.Cost, LedgerKinds.CoOwnerShare, LedgerKinds.CoOwnerWithholding,
        LedgerKinds.Distribution, LedgerKinds.UnitRemainder, LedgerKinds.PayoutScheduled, LedgerKinds.PayoutPaid, LedgerKinds.EquityGrant,
        LedgerKinds.EquitySale, LedgerKinds.EquitySaleTax, "payout", "profit_report", "equity_sale", "equity_grant",
    ];

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
