using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RevenueSharing.Rules.Audit;

/// <summary>
/// The lines of <c>GET /api/audit/export</c> (JSON Lines, one object per line, each with a <c>type</c>): what an
/// auditor needs to check the ledger with no platform running. Amounts and shares are decimal strings, as on the API.
/// The same records are read by the offline verifier, so writer and reader cannot drift apart.
/// </summary>
public static class LedgerExport
{
    public const string MediaType = "application/jsonl";

    /// <summary>A line missing a field, or with null where the record has none, is malformed, not a record full of nulls.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>
    /// Reads an export (or a file of heads) line by line, in order; blank lines are skipped. Lines are parsed in
    /// batches on every core: a million-entry export is mostly parsing.
    /// </summary>
    public static IEnumerable<object> Read(TextReader reader)
    {
        const int Batch = 16_384;
        var number = 0;
        var batch = new List<(int Number, string Line)>(Batch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < Batch && reader.ReadLine() is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line)) batch.Add((number, line));
            }
            if (batch.Count == 0) yield break;
            var parsed = new object[batch.Count];
            try
            {
                Parallel.For(0, batch.Count, i => parsed[i] = Parse(batch[i].Number, batch[i].Line));
            }
            catch (AggregateException e)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); // the first bad line, as one pass would say
            }
            foreach (var item in parsed) yield return item;
        }
    }

    /// <summary>
    /// Reads an export file as bytes: blocks of lines parsed on every core straight from UTF-8 (no strings for the
    /// lines), in order. This is how the offline verifier reads a million-entry export.
    /// </summary>
    public static IEnumerable<object> Read(Stream stream) => ReadLines(stream, Parse);

    /// <summary>
    /// The lines of a file, each turned into a <typeparamref name="T"/> by <paramref name="parse"/> (line number, UTF-8
    /// bytes without the newline), in blocks parsed on every core, yielded in order. While the caller takes one block's
    /// items, the next block is being parsed: the caller's own work (the verifier's bookkeeping) no longer waits for
    /// the parse, nor the parse for it. A byte-order mark is skipped; the first line that fails is reported as "Line N".
    /// </summary>
    public static IEnumerable<T> ReadLines<T>(Stream stream, ParseLine<T> parse)
    {
        const int BlockSize = 8 << 20;
        var buffer = new byte[BlockSize];
        var carried = 0;
        var number = 0;
        T[]? ready = null; // the block parsed last, not yet yielded
        Task? parsing = null;
        try
        {
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(carried), buffer.Length - carried, throwOnEndOfStream: false);
                var length = carried + read;
                if (length == 0) break;
                if (number == 0 && carried == 0 && buffer.AsSpan(0, length).StartsWith("\uFEFF"u8)) // a byte-order mark some editors write
                {
                    buffer.AsSpan(3, length - 3).CopyTo(buffer);
                    length -= 3;
                }
                var end = read == 0 ? length : buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                if (end <= 0)
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // a line longer than the block
                    carried = length;
                    continue;
                }
                var lines = new List<(int Number, int Start, int Length)>();
                for (var start = 0; start < end;)
                {
                    var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                    var lineLength = newline < 0 ? end - start : newline;
                    number++;
                    if (!buffer.AsSpan(start, lineLength).Trim(" \r\t"u8).IsEmpty) lines.Add((number, start, lineLength));
                    start += lineLength + 1;
                }
                var parsed = new T[lines.Count];
                var errors = new Exception?[lines.Count];
                var block = buffer;
                parsing = Task.Run(() => Parallel.For(0, lines.Count, i =>
                {
                    try { parsed[i] = parse(lines[i].Number, block.AsSpan(lines[i].Start, lines[i].Length)); }
                    catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException)
                    {
                        errors[i] = e;
                    }
                }));
                if (ready is not null)
                    foreach (var item in ready) yield return item;
                parsing.GetAwaiter().GetResult();
                parsing = null;
                if (Array.FindIndex(errors, e => e is not null) is var bad and >= 0) // the first bad line, as one pass would say
                    throw new FormatException($"Line {lines[bad].Number}: {errors[bad]!.Message}", errors[bad]);
                ready = parsed;
                carried = length - end;
                buffer.AsSpan(end, carried).CopyTo(buffer);
                if (read == 0 && carried == 0) break;
            }
            if (ready is not null)
                foreach (var item in ready) yield return item;
        }
        finally
        {
            // A caller that stops early: the block being parsed still reads the buffer until it is done. Only waits: an
            // error of that parse is not the caller's (and one already thrown above is not thrown twice).
            try { parsing?.Wait(); }
            catch (AggregateException) { }
        }
    }

    public delegate T ParseLine<out T>(int number, ReadOnlySpan<byte> line);

    private static object Parse(int number, string line) => Parse(number, System.Text.Encoding.UTF8.GetBytes(line));

    /// <summary>The platform writes "type" last: its lines are read in one pass; any other order takes two.</summary>
    public static object Parse(int number, ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd(" \r\t"u8);
        var context = ExportJsonContext.Default;
        if (line.EndsWith("\"type\":\"entry\"}"u8)) return JsonSerializer.Deserialize(line, context.ExportedEntry)!;
        if (line.EndsWith("\"type\":\"receipt\"}"u8)) return JsonSerializer.Deserialize(line, context.ExportedReceipt)!;
        if (line.EndsWith("\"type\":\"cost\"}"u8)) return JsonSerializer.Deserialize(line, context.ExportedCost)!;
        if (line.EndsWith("\"type\":\"distribution\"}"u8)) return JsonSerializer.Deserialize(line, context.ExportedDistribution)!;
        if (line.EndsWith("\"type\":\"account\"}"u8)) return JsonSerializer.Deserialize(line, context.ExportedAccount)!;
        using var document = JsonDocument.Parse(line.ToArray());
        var type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        {
            return type switch
            {
                ExportedEntry.Kind => document.Deserialize<ExportedEntry>(Json)!,
                ExportedAccount.Kind => document.Deserialize<ExportedAccount>(Json)!,
                ExportedDistribution.Kind => document.Deserialize<ExportedDistribution>(Json)!,
                ExportedHead.Kind => document.Deserialize<ExportedHead>(Json)!,
                ExportedKey.Kind => document.Deserialize<ExportedKey>(Json)!,
                ExportedReceipt.Kind => document.Deserialize<ExportedReceipt>(Json)!,
                ExportedCost.Kind => document.Deserialize<ExportedCost>(Json)!,
                ExportedPolicy.Kind => document.Deserialize<ExportedPolicy>(Json)!,
                ExportedProfitReport.Kind => document.Deserialize<ExportedProfitReport>(Json)!,
                _ => throw new FormatException($"Line {number}: unknown type '{type}'."),
            };
        }
    }

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Decimal(string value) => decimal.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}

/// <summary>One ledger entry with every field its hash covers (services/RevenueSharing/README.md §7), and the hash.</summary>
public sealed record ExportedEntry(long Sequence, string At, Guid DealId, [property: JsonPropertyName("kind")] string EntryKind, string Amount, string Currency, string? PersonId,
    string? Party, string SourceType, Guid SourceId, string PrevHash, string Hash)
{
    public const string Kind = "entry";
    public string Type => Kind;

    [JsonIgnore]
    public DateTimeOffset AtInstant => DateTimeOffset.TryParseExact(At, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal, out var exact) ? exact : DateTimeOffset.Parse(At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public string CanonicalJson() => LedgerHashing.CanonicalJson(Sequence, AtInstant, DealId, EntryKind, LedgerExport.Decimal(Amount), Currency,
        PersonId, Party, SourceType, SourceId, PrevHash);

    /// <summary>The canonical JSON's UTF-8 into <paramref name="destination"/> (3,072 bytes); returns its length.</summary>
    public int CanonicalUtf8(Span<byte> destination) => LedgerHashing.CanonicalUtf8(destination, Sequence, AtInstant, DealId, EntryKind,
        LedgerExport.Decimal(Amount), Currency, PersonId, Party, SourceType, SourceId, PrevHash);
}

public sealed record ExportedContributor(string PersonId, string Share);

/// <summary>A deal account: the policy version and reward share its distributions use, the floor then, its contributors.</summary>
public sealed record ExportedAccount(Guid DealId, string UniversityId, string Mode, int PolicyVersion, string RewardShare, string Floor,
    IReadOnlyList<ExportedContributor> Contributors)
{
    public const string Kind = "account";
    public string Type => Kind;
}

/// <summary>One distribution as recorded: the net income it saw, the cumulative target and the pool it paid.</summary>
public sealed record ExportedDistribution(Guid Id, Guid DealId, int PolicyVersion, string RewardShare, string NetIncome, string Target, string Pool,
    DateTimeOffset CreatedAt)
{
    public const string Kind = "distribution";
    public string Type => Kind;
}

/// <summary>A signed tree head, as the platform kept it or as an exchange received it (ledger.head_signed).</summary>
public sealed record ExportedHead(long TreeSize, string RootHash, DateTimeOffset Timestamp, string Signature)
{
    public const string Kind = "head";
    public string Type => Kind;

    public Merkle.SignedTreeHead ToSigned() => new(TreeSize, RootHash, Timestamp, Signature);
}

/// <summary>The ledger's public key, as a witness recorded it (GET /.well-known/ledger-key).</summary>
public sealed record ExportedKey(string PublicKey)
{
    public const string Kind = "key";
    public string Type => Kind;
}

/// <summary>A receipt as recorded, in CNY: its entries must add up to its gross.</summary>
public sealed record ExportedReceipt(Guid Id, Guid DealId, string GrossCny, string WithholdingCny, string CoOwnerCny, Guid? ReversesId)
{
    public const string Kind = "receipt";
    public string Type => Kind;
}

/// <summary>A direct cost as recorded (category as on the API): its entry must match it, and only allowable categories may be deducted.</summary>
public sealed record ExportedCost(Guid Id, Guid DealId, string Category, string AmountCny, Guid? ReversesId)
{
    public const string Kind = "cost";
    public string Type => Kind;

    /// <summary>services/RevenueSharing/README.md §3: never deducted from net income.</summary>
    public static readonly IReadOnlySet<string> NotAllowable = new HashSet<string>(StringComparer.Ordinal) { "rd_salary", "fiscal_rd_funds", "overhead" };
}

/// <summary>A university's reward policy version: the account's share must be max(this share, the floor).</summary>
public sealed record ExportedPolicy(string UniversityId, int Version, string RewardShare)
{
    public const string Kind = "policy";
    public string Type => Kind;
}

/// <summary>A self-implementation's yearly operating profit and the reward the service computed for it.</summary>
public sealed record ExportedProfitReport(Guid Id, Guid SelfImplementationId, int Year, string OperatingProfit, string Reward)
{
    public const string Kind = "profit_report";
    public string Type => Kind;
}

/// <summary>Source-generated reading of entry lines: a million-entry export is mostly entries.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ExportedEntry))]
[JsonSerializable(typeof(ExportedReceipt))]
[JsonSerializable(typeof(ExportedCost))]
[JsonSerializable(typeof(ExportedDistribution))]
[JsonSerializable(typeof(ExportedAccount))]
internal sealed partial class ExportJsonContext : JsonSerializerContext;
