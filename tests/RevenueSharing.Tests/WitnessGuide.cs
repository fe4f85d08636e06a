// The witness guide of README.md ("Witnessing the ledger"), compiled and run by WitnessGuideTests:
// the README shows exactly this code.
// --- guide begins ---
using System.Net.Http.Json;
using System.Text.Json;
using RevenueSharing.Rules.Audit;
using RevenueSharing.Rules.Merkle;

/// <summary>
/// An exchange's witness of the platform's ledger. It keeps every signed head it receives (ledger.head_signed, by
/// webhook or from the feed) in a file of its own, and accepts a head only if the platform's key signed it and it is
/// consistent with the heads already kept. The file is what ./platform audit verify --heads reads.
/// </summary>
public sealed class LedgerWitness(string headsFile, byte[] platformKey, HttpClient platform)
{
    /// <summary>Call with the data of each ledger.head_signed event. Throws when the platform forked or rewrote its ledger.</summary>
    public async Task ReceiveAsync(JsonElement data)
    {
        var head = new ExportedHead(data.GetProperty("treeSize").GetInt64(), data.GetProperty("rootHash").GetString()!,
            data.GetProperty("timestamp").GetDateTimeOffset(), data.GetProperty("signature").GetString()!);
        if (!head.ToSigned().VerifiesWith(platformKey))
            throw new InvalidDataException($"The head of size {head.TreeSize} is not signed by the platform's key.");
        var kept = Kept();
        if (kept.FirstOrDefault(k => k.TreeSize == head.TreeSize) is { } same)
        {
            if (same.RootHash != head.RootHash)
                throw new InvalidDataException($"Two signed heads of size {head.TreeSize}: the platform forked its ledger.");
            return; // a head kept already (a redelivery)
        }
        // The new head must extend the last smaller head kept, and be extended by the next larger one (out of order).
        if (kept.LastOrDefault(k => k.TreeSize < head.TreeSize) is { } older) await ProveAsync(older, head);
        if (kept.FirstOrDefault(k => k.TreeSize > head.TreeSize) is { } newer) await ProveAsync(head, newer);
        await File.AppendAllTextAsync(headsFile, JsonSerializer.Serialize(head, LedgerExport.Json) + "\n");
    }

    /// <summary>RFC 9162 consistency: the tree of the older head is a prefix of the newer one's.</summary>
    private async Task ProveAsync(ExportedHead older, ExportedHead newer)
    {
        var answer = await platform.GetFromJsonAsync<JsonElement>(
            $"/api/audit/proofs/consistency?from={older.TreeSize}&to={newer.TreeSize}");
        var proof = answer.GetProperty("proof").EnumerateArray().Select(p => Convert.FromHexString(p.GetString()!)).ToList();
        if (!MerkleTree.VerifyConsistency(older.TreeSize, newer.TreeSize, older.ToSigned().RootBytes(), newer.ToSigned().RootBytes(), proof))
            throw new InvalidDataException($"The head of size {newer.TreeSize} does not extend the one of size {older.TreeSize}: the ledger was rewritten.");
    }

    /// <summary>The heads kept so far, in order of size.</summary>
    public List<ExportedHead> Kept() => File.Exists(headsFile)
        ? LedgerExport.Read(new StringReader(File.ReadAllText(headsFile))).OfType<ExportedHead>().OrderBy(h => h.TreeSize).ToList()
        : [];
}
// --- guide ends ---
