using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Rules.Merkle;

namespace RevenueSharing.Rules.Audit;

/// <summary>
/// The offline check of a ledger export against the signed heads a witness kept (services/RevenueSharing/README.md §7):
/// every head's signature, consistency between successive heads, the export's tree against each head, every entry's
/// hash and link, and every cash distribution recomputed by the platform's own rules (this project): below the floor
/// or off by a fen is a finding. Needs no platform, no database, no network.
/// </summary>
public static class LedgerAudit
{
    public sealed record Finding(string Code, string Message, long? Entry = null);

    /// <param name="VerifiedHeads">Witnessed heads whose signature verifies: with none, a consistent rewrite cannot be seen.</param>
    public sealed record Report(long Entries, int Heads, int Distributions, IReadOnlyList<Finding> Findings, int VerifiedHeads = 0)
    {
        public bool Valid => Findings.Count == 0;
    }

    /// <summary>Where the time goes, phase by phase (set to a writer to see it; the benchmark does).</summary>
    public static TextWriter? Timings { get; set; }

    /// <summary>
    /// What later checks need of an entry once its hashes are checked: the entry objects themselves (a dozen strings
    /// each) are not kept, and these are values in one list, so a million-entry export is not a million-object heap.
    /// Strings are shared (interned).
    /// </summary>
    private readonly record struct EntryFacts(long Sequence, Guid DealId, string EntryKind, decimal Amount, string? PersonId, string SourceType, Guid SourceId);

    public static Report Verify(IEnumerable<object> export, IEnumerable<ExportedHead> witnessedHeads, byte[] publicKey)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var records = new List<object>();
        var checker = new EntryChecker();
        var batch = new List<ExportedEntry>(EntryChecker.BatchSize);
        foreach (var item in export)
        {
            if (item is not ExportedEntry entry) records.Add(item);
            else
            {
                batch.Add(entry);
                if (batch.Count == EntryChecker.BatchSize) Absorb(checker, batch);
            }
        }
        Absorb(checker, batch);
        return Conclude(records, checker, witnessedHeads, publicKey, clock);
    }

    /// <summary>
    /// The same check reading an export file: each entry line is hashed where it is parsed, on every core, straight
    /// from its UTF-8 (<see cref="EntryLine"/>), and no entry object is kept. This is what ./platform audit verify runs.
    /// </summary>
    public static Report Verify(Stream export, IEnumerable<ExportedHead> witnessedHeads, byte[] publicKey)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var records = new List<object>();
        // About 300 bytes an entry line: room for the entries up front, rather than growing through copies.
        var checker = new EntryChecker(export.CanSeek ? (int)Math.Clamp(export.Length / 300, 0, 10_000_000) : 0);
        static object ReadLine(int number, ReadOnlySpan<byte> line)
        {
            line = line.TrimEnd(" \r\t"u8);
            if (line.EndsWith("\"type\":\"entry\"}"u8) && EntryLine.TryCheck(line) is { } fast) return fast;
            var parsed = LedgerExport.Parse(number, line);
            return parsed is ExportedEntry entry ? CheckedEntry.From(entry, EntryLine.Buffer) : parsed;
        }
        foreach (var item in LedgerExport.ReadLines<object>(export, ReadLine))
        {
            if (item is CheckedEntry entry) checker.Add(entry);
            else records.Add(item);
        }
        return Conclude(records, checker, witnessedHeads, publicKey, clock);
    }

    private static void Absorb(EntryChecker checker, List<ExportedEntry> batch)
    {
        var checkedEntries = new CheckedEntry[batch.Count];
        Parallel.For(0, batch.Count, i => checkedEntries[i] = CheckedEntry.From(batch[i], EntryLine.Buffer));
        foreach (var entry in checkedEntries) checker.Add(entry);
        batch.Clear();
    }

    private static Report Conclude(List<object> records, EntryChecker checker, IEnumerable<ExportedHead> witnessedHeads, byte[] publicKey,
        System.Diagnostics.Stopwatch clock)
    {
        void Phase(string name) { Timings?.WriteLine($"{name}: {clock.ElapsedMilliseconds} ms"); clock.Restart(); }
        Phase("read, parse and hash");
        var findings = new List<Finding>();
        var (entries, nodes) = checker.Finish(findings);
        Phase("order, links and tree");
        var witnessed = witnessedHeads.ToList();
        var verifiedHeads = CheckHeads(witnessed, nodes, publicKey, findings);
        Phase("heads");
        CheckRecords(entries, records.OfType<ExportedReceipt>().ToList(), records.OfType<ExportedCost>().ToList(), findings);
        Phase("records");
        CheckPolicies(records.OfType<ExportedAccount>(), records.OfType<ExportedPolicy>().ToList(), findings);
        var distributions = CheckDistributions(entries, records.OfType<ExportedAccount>().ToList(),
            records.OfType<ExportedDistribution>().ToDictionary(d => d.Id), findings)
            + CheckSelfImplementations(entries, records.OfType<ExportedAccount>().ToList(), records.OfType<ExportedProfitReport>().ToList(), findings);
        Phase("distributions");
        return new Report(checker.Count, witnessed.Count, distributions, findings, verifiedHeads);
    }

    /// <summary>
    /// Collects the checked entries as they are read, their hashes as flat bytes and their facts with shared strings;
    /// at the end puts them in sequence order, checks their links and builds the tree over them.
    /// </summary>
    private sealed class EntryChecker(int expectedEntries = 0)
    {
        public const int BatchSize = 16_384;
        private const int H = MerkleTree.HashSize;
        /// <summary>Each entry's leaf, stored and previous hash, in three flat arrays (32 bytes an entry each).</summary>
        private byte[] _leaves = new byte[H * Math.Max(expectedEntries, BatchSize)], _hashes = new byte[H * Math.Max(expectedEntries, BatchSize)],
            _prevs = new byte[H * Math.Max(expectedEntries, BatchSize)];
        private readonly List<EntryFacts> _facts = new(expectedEntries);
        private readonly List<Checks> _checks = new(expectedEntries);
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        [Flags]
        private enum Checks : byte { None = 0, Recomputes = 1, StoredValid = 2, PrevValid = 4 }

        public int Count => _facts.Count;

        public void Add(CheckedEntry entry)
        {
            var at = Count * H;
            if (at + H > _leaves.Length)
            {
                // Up to the largest array: 67 million entries (a bigger export would need a verifier that streams them).
                var grown = (int)Math.Min(2L * _leaves.Length, Array.MaxLength / H * H);
                if (grown <= _leaves.Length) throw new InvalidOperationException($"More than {_leaves.Length / H} entries: too many for one verification run.");
                Array.Resize(ref _leaves, grown);
                Array.Resize(ref _hashes, grown);
                Array.Resize(ref _prevs, grown);
            }
            entry.Hashes[..H].CopyTo(_leaves.AsSpan(at, H));
            entry.Hashes.Slice(H, H).CopyTo(_hashes.AsSpan(at, H));
            entry.Hashes.Slice(2 * H, H).CopyTo(_prevs.AsSpan(at, H));
            _checks.Add((entry.Recomputes ? Checks.Recomputes : 0) | (entry.StoredValid ? Checks.StoredValid : 0) | (entry.PrevValid ? Checks.PrevValid : 0));
            _facts.Add(new EntryFacts(entry.Sequence, entry.DealId, Intern(entry.Kind), entry.Amount,
                entry.PersonId is null ? null : Intern(entry.PersonId), Intern(entry.SourceType), entry.SourceId));
        }

        private string Intern(string value)
        {
            if (EntryLine.IsKnownWord(value)) return value; // already one shared string
            if (_strings.TryGetValue(value, out var shared)) return shared;
            if (_strings.Count < 100_000) _strings[value] = value;
            return value;
        }

        /// <summary>In sequence order: the gap, changed entry or broken link found first; the tree over the entries up to a gap.</summary>
        public (List<EntryFacts> Entries, MerkleNodes Nodes) Finish(List<Finding> findings)
        {
            var order = Enumerable.Range(0, Count).ToArray();
            var sequences = new long[Count];
            for (var i = 0; i < Count; i++) sequences[i] = _facts[i].Sequence;
            Array.Sort(sequences, order);
            var leaves = new byte[Count * H];
            Span<byte> previous = stackalloc byte[H]; // the genesis: 64 zeros as hex, 32 zero bytes
            var count = 0;
            foreach (var i in order)
            {
                var sequence = _facts[i].Sequence;
                if (sequence != count + 1)
                {
                    findings.Add(new("entry-missing", $"Entry {count + 1} is missing from the export.", count + 1));
                    break;
                }
                var checks = _checks[i];
                if (!checks.HasFlag(Checks.Recomputes))
                    findings.Add(new("entry-changed", $"Entry {sequence} does not hash to its stored hash: a field was changed.", sequence));
                else if (!checks.HasFlag(Checks.PrevValid) || !_prevs.AsSpan(i * H, H).SequenceEqual(previous))
                    findings.Add(new("entry-unlinked", $"Entry {sequence} does not link to the entry before it.", sequence));
                // The next entry links to this one's stored hash.
                if (checks.HasFlag(Checks.StoredValid)) _hashes.AsSpan(i * H, H).CopyTo(previous);
                else previous.Fill(0xFF); // not a hash at all: nothing can link to it
                _leaves.AsSpan(i * H, H).CopyTo(leaves.AsSpan(count * H, H));
                count++;
            }
            var facts = new List<EntryFacts>(Count);
            foreach (var i in order) facts.Add(_facts[i]);
            return (facts, MerkleNodes.Build(leaves, count));
        }
    }

    /// <summary>
    /// Signatures; two heads of one size with different roots (a fork shown to different witnesses); each head's
    /// root against the export's tree of that size; and consistency between successive heads.
    /// </summary>
    /// <returns>How many heads verify with the key.</returns>
    private static int CheckHeads(List<ExportedHead> heads, MerkleNodes nodes, byte[] publicKey, List<Finding> findings)
    {
        var valid = new List<ExportedHead>();
        foreach (var head in heads)
        {
            if (head.ToSigned().VerifiesWith(publicKey)) valid.Add(head);
            else findings.Add(new("head-signature", $"The head of size {head.TreeSize} signed at {head.Timestamp:O} does not verify with the ledger key."));
        }

        foreach (var fork in valid.GroupBy(h => h.TreeSize).Where(g => g.Select(h => h.RootHash).Distinct().Count() > 1))
            findings.Add(new("head-fork", $"Two signed heads of size {fork.Key} have different roots ({string.Join(", ", fork.Select(h => h.RootHash).Distinct())}): the log was forked."));

        var ordered = valid.GroupBy(h => h.TreeSize).Select(g => g.First()).OrderBy(h => h.TreeSize).ToList();
        long matched = 0;
        ExportedHead? previous = null;
        foreach (var head in ordered)
        {
            if (previous is not null && head.TreeSize <= nodes.Size)
            {
                var proof = nodes.Proof(MerkleTree.ConsistencyRanges(previous.TreeSize, head.TreeSize));
                if (!MerkleTree.VerifyConsistency(previous.TreeSize, head.TreeSize, previous.ToSigned().RootBytes(), head.ToSigned().RootBytes(), proof))
                    findings.Add(new("head-inconsistent",
                        $"The head of size {head.TreeSize} is not consistent with the head of size {previous.TreeSize}: entries {previous.TreeSize} or before were rewritten.",
                        previous.TreeSize < nodes.Size ? previous.TreeSize : null));
            }
            if (head.TreeSize > nodes.Size)
            {
                findings.Add(new("head-beyond-export", $"The head of size {head.TreeSize} covers entries the export does not hold (it has {nodes.Size}).", nodes.Size + 1));
            }
            else if (!Convert.ToHexStringLower(nodes.Root(head.TreeSize)).Equals(head.RootHash, StringComparison.Ordinal))
                findings.Add(new("export-differs-from-head",
                    $"The export's first {head.TreeSize} entries do not have the root the head of size {head.TreeSize} signed: an entry from {matched + 1} to {head.TreeSize} was changed, added or removed.",
                    matched + 1));
            else matched = head.TreeSize;
            previous = head;
        }
        return valid.Count;
    }

    /// <summary>
    /// The income records behind the entries: each receipt's entries add up to its gross, each cost's entry is its
    /// amount, every receipt or cost entry names a record the export holds, and no cost of a category that may never
    /// be deducted (R&amp;D salaries, fiscal R&amp;D funds, overhead) reduced a net income.
    /// </summary>
    private static void CheckRecords(List<EntryFacts> entries, List<ExportedReceipt> receipts, List<ExportedCost> costs, List<Finding> findings)
    {
        // What each record's entries add up to, and the first of them, in one pass.
        var sums = new Dictionary<(string Type, Guid Id), (decimal Sum, long First)>(receipts.Count + costs.Count);
        foreach (var e in entries)
        {
            if (e.SourceType is not ("receipt" or "cost")) continue;
            var counts = e.SourceType == "receipt" ? LedgerKinds.OfReceipt.Contains(e.EntryKind) : e.EntryKind == LedgerKinds.Cost;
            var key = (e.SourceType, e.SourceId);
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out var exists);
            if (!exists) slot = (0m, e.Sequence);
            if (counts) slot.Sum += e.Amount;
        }
        foreach (var receipt in receipts)
        {
            var (sum, first) = sums.Remove(("receipt", receipt.Id), out var s) ? s : (0m, 0L);
            if (sum != LedgerExport.Decimal(receipt.GrossCny))
                findings.Add(new("receipt-mismatch", $"Receipt {receipt.Id} has a gross of {receipt.GrossCny} CNY; its entries add up to {sum:F2}.",
                    first > 0 ? first : null));
        }
        foreach (var cost in costs)
        {
            var (sum, first) = sums.Remove(("cost", cost.Id), out var s) ? s : (0m, 0L);
            if (sum != LedgerExport.Decimal(cost.AmountCny))
                findings.Add(new("cost-mismatch", $"Cost {cost.Id} is {cost.AmountCny} CNY; its entries add up to {sum:F2}.", first > 0 ? first : null));
            if (ExportedCost.NotAllowable.Contains(cost.Category) && cost.ReversesId is null)
                findings.Add(new("cost-not-allowable", $"Cost {cost.Id} of category {cost.Category} was deducted from deal {cost.DealId}'s net income.",
                    first > 0 ? first : null));
        }
        foreach (var (orphan, (_, first)) in sums) // entries whose record the export does not hold
            findings.Add(new("record-missing", $"Entries name {orphan.Type} {orphan.Id}, which the export does not hold.", first));
    }

    /// <summary>Each account's reward share is its policy version's share, raised to the floor where the floor is higher (version 0: the floor).</summary>
    private static void CheckPolicies(IEnumerable<ExportedAccount> accounts, List<ExportedPolicy> policies, List<Finding> findings)
    {
        var byVersion = policies.ToDictionary(p => (p.UniversityId, p.Version), p => LedgerExport.Decimal(p.RewardShare));
        foreach (var account in accounts.Where(a => a.Mode != "self_implementation"))
        {
            var floor = LedgerExport.Decimal(account.Floor);
            decimal? policy = account.PolicyVersion == 0 ? floor : byVersion.TryGetValue((account.UniversityId, account.PolicyVersion), out var share) ? share : null;
            if (policy is null)
                findings.Add(new("policy-missing", $"Deal {account.DealId} names policy version {account.PolicyVersion} of {account.UniversityId}, which the export does not hold."));
            else if (LedgerExport.Decimal(account.RewardShare) != Math.Max(policy.Value, floor))
                findings.Add(new("share-not-policy",
                    $"Deal {account.DealId} applies a reward share of {account.RewardShare}; its policy version {account.PolicyVersion} and floor {account.Floor} give {Math.Max(policy.Value, floor)}."));
        }
    }

    /// <summary>
    /// Replays each deal's entries in order and recomputes every cash distribution: net income = what arrived for the
    /// unit − direct costs (the receipt and cost entries so far), target = ceil_to_fen(reward share × max(net, 0)),
    /// the reward share at least the floor and the national 50%, and each contributor's part the cumulative
    /// largest-remainder split (<see cref="RewardCalculation.SplitCumulative"/>).
    /// </summary>
    private static int CheckDistributions(List<EntryFacts> entries, List<ExportedAccount> accounts,
        Dictionary<Guid, ExportedDistribution> distributions, List<Finding> findings)
    {
        var byDeal = accounts.ToDictionary(a => a.DealId);
        var checkedCount = 0;
        var byDealEntries = new Dictionary<Guid, List<EntryFacts>>();
        foreach (var e in entries) // in sequence order already
        {
            ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byDealEntries, e.DealId, out _);
            (list ??= []).Add(e);
        }
        // Deals are independent: each is replayed on its own (on every core), and the findings kept in deal order.
        var deals = byDealEntries.Select(d => (Key: d.Key, Entries: d.Value)).ToList();
        var perDeal = new (int Checked, List<Finding> Findings)[deals.Count];
        Parallel.For(0, deals.Count, i =>
        {
            var local = new List<Finding>();
            perDeal[i] = (CheckDeal(deals[i], byDeal.GetValueOrDefault(deals[i].Key), distributions, local), local);
        });
        foreach (var (count, local) in perDeal)
        {
            checkedCount += count;
            findings.AddRange(local);
        }
        return checkedCount;
    }

    private static int CheckDeal((Guid Key, List<EntryFacts> Entries) deal, ExportedAccount? account,
        Dictionary<Guid, ExportedDistribution> distributions, List<Finding> findings)
    {
        var checkedCount = 0;
        if (account is null)
        {
            findings.Add(new("account-missing", $"Deal {deal.Key} has entries but no account in the export.", deal.Entries[0].Sequence));
            return 0;
        }
        if (account.Mode is "self_implementation" or "equity")
        {
            // No cash income: rewarded per year or in shares. Cash entries under such an account would escape the rules.
            // (EntryFacts is a value: FindIndex, not FirstOrDefault, tells "none" from the first entry.)
            var at = deal.Entries.FindIndex(e => e.EntryKind is LedgerKinds.Receipt or LedgerKinds.Cost
                || e.EntryKind == LedgerKinds.Distribution && e.SourceType == "distribution");
            if (at >= 0)
            {
                var cash = deal.Entries[at];
                findings.Add(new("cash-on-non-cash-deal", $"Entry {cash.Sequence} records {cash.EntryKind} on deal {deal.Key}, whose account says {account.Mode}.",
                    cash.Sequence));
            }
            return 0;
        }
        var contributors = Contributors(account);
        // A distribution's entries are its contributors' distribution lines (each followed by its payout line).
        var ofDistribution = deal.Entries.Where(e => e.EntryKind == LedgerKinds.Distribution && e.SourceType == "distribution")
            .GroupBy(e => e.SourceId).ToDictionary(g => g.Key, g => g.ToList());
        decimal arrived = 0, costs = 0;
        var byPerson = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var seen = new HashSet<Guid>();
        foreach (var e in deal.Entries)
        {
            if (e.EntryKind == LedgerKinds.Distribution && e.SourceType == "distribution" && seen.Add(e.SourceId))
            {
                checkedCount++;
                CheckDistribution(account, contributors, distributions.GetValueOrDefault(e.SourceId), ofDistribution[e.SourceId], arrived - costs,
                    new Dictionary<string, decimal>(byPerson, StringComparer.Ordinal), findings);
            }
            var amount = e.Amount;
            if (e.EntryKind == LedgerKinds.Receipt) arrived += amount;
            else if (e.EntryKind == LedgerKinds.Cost) costs += amount;
            else if (e.EntryKind == LedgerKinds.Distribution && e.PersonId is { } person)
                byPerson[person] = byPerson.GetValueOrDefault(person) + amount;
        }
        return checkedCount;
    }

    /// <summary>
    /// Self-implementation (README §4): each year's reward is ceil_to_fen(share × that year's operating profit) within
    /// five years of the first profitable one, the share at least 5%, and its distribution entries are the cumulative
    /// largest-remainder split of everything rewarded so far.
    /// </summary>
    private static int CheckSelfImplementations(List<EntryFacts> entries, List<ExportedAccount> accounts, List<ExportedProfitReport> reports,
        List<Finding> findings)
    {
        var checkedCount = 0;
        var entriesBySource = entries.Where(e => e.SourceType == "profit_report").GroupBy(e => e.SourceId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var account in accounts.Where(a => a.Mode == "self_implementation"))
        {
            var share = LedgerExport.Decimal(account.RewardShare);
            if (share < MinSelfImplementationShare)
                findings.Add(new("below-floor", $"Self-implementation {account.DealId} rewards {share} of its profit, below {MinSelfImplementationShare}."));
            var contributors = Contributors(account);
            var already = new Dictionary<string, decimal>(StringComparer.Ordinal);
            int? firstProfitable = null;
            foreach (var report in reports.Where(r => r.SelfImplementationId == account.DealId).OrderBy(r => r.Year))
            {
                var profit = LedgerExport.Decimal(report.OperatingProfit);
                if (profit > 0) firstProfitable ??= report.Year;
                var reward = RewardCalculation.SelfImplementationReward(share, profit, report.Year, firstProfitable);
                var lines = entriesBySource.GetValueOrDefault(report.Id) ?? [];
                if (LedgerExport.Decimal(report.Reward) != reward)
                    findings.Add(new("distribution-miscomputed",
                        $"Self-implementation {account.DealId} records a reward of {report.Reward} for {report.Year}; the rules give {reward:F2}.", lines.Count > 0 ? lines[0].Sequence : null));
                if (reward <= 0) continue;
                checkedCount++;
                var expected = RewardCalculation.SplitCumulative(already.Values.Sum() + reward, already, contributors)
                    .ToDictionary(p => p.PersonId, p => p.Amount.Amount, StringComparer.Ordinal);
                foreach (var e in lines.Where(e => e.EntryKind == LedgerKinds.Distribution && e.PersonId is not null))
                {
                    var paid = e.Amount;
                    if (expected.GetValueOrDefault(e.PersonId!) != paid)
                        findings.Add(new("distribution-off",
                            $"Entry {e.Sequence} gives {e.PersonId} {paid:F2} of the {report.Year} reward; the rules give {expected.GetValueOrDefault(e.PersonId!):F2}.", e.Sequence));
                    already[e.PersonId!] = already.GetValueOrDefault(e.PersonId!) + paid;
                }
            }
        }
        return checkedCount;
    }

    private static List<Contributor> Contributors(ExportedAccount account) => account.Contributors.Select(c => new Contributor
    {
        PersonId = c.PersonId, Name = c.PersonId, Share = LedgerExport.Decimal(c.Share), Role = "inventor",
    }).ToList();

    /// <summary>上海市促进科技成果转化条例 Art. 34: at least 5% of the operating profit, as the service requires.</summary>
    public const decimal MinSelfImplementationShare = 0.05m;

    private static void CheckDistribution(ExportedAccount account, List<Contributor> contributors, ExportedDistribution? recorded,
        List<EntryFacts> lines, decimal net, Dictionary<string, decimal> already, List<Finding> findings)
    {
        var at = lines[0].Sequence;
        if (recorded is null)
        {
            findings.Add(new("distribution-missing", $"Entry {at} names distribution {lines[0].SourceId}, which the export does not hold.", at));
            return;
        }
        var share = LedgerExport.Decimal(recorded.RewardShare);
        var floor = LedgerExport.Decimal(account.Floor);
        if (share != LedgerExport.Decimal(account.RewardShare) || recorded.PolicyVersion != account.PolicyVersion)
            findings.Add(new("share-not-policy",
                $"Distribution {recorded.Id} (deal {account.DealId}) used share {recorded.RewardShare} of policy version {recorded.PolicyVersion}; the deal's account says {account.RewardShare} of version {account.PolicyVersion}.", at));
        if (share < floor || share < NationalFloor)
            findings.Add(new("below-floor", $"Distribution {recorded.Id} (deal {account.DealId}) used a reward share of {share}, below the floor of {Math.Max(floor, NationalFloor)}.", at));
        var target = Rounding.UpToMinorUnit(share * Math.Max(net, 0m), Currency.Cny);
        if (LedgerExport.Decimal(recorded.NetIncome) != net || LedgerExport.Decimal(recorded.Target) != target)
            findings.Add(new("distribution-miscomputed",
                $"Distribution {recorded.Id} (deal {account.DealId}) records net {recorded.NetIncome} and target {recorded.Target}; the entries give net {net:F2} and target {target:F2}.", at));
        var paid = lines.Where(e => e.PersonId is not null).GroupBy(e => e.PersonId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Amount), StringComparer.Ordinal);
        if (paid.Values.Sum() != LedgerExport.Decimal(recorded.Pool))
            findings.Add(new("distribution-off", $"Distribution {recorded.Id} (deal {account.DealId}) records a pool of {recorded.Pool}; its entries give {paid.Values.Sum():F2}.", at));
        if (already.Values.Sum() > target)
        {
            findings.Add(new("distribution-off",
                $"Before distribution {recorded.Id} (deal {account.DealId}) the contributors already had {already.Values.Sum():F2}, more than its target {target:F2}.", at));
            return;
        }
        Dictionary<string, decimal> expected;
        try
        {
            expected = RewardCalculation.SplitCumulative(target, already, contributors).ToDictionary(p => p.PersonId, p => p.Amount.Amount, StringComparer.Ordinal);
        }
        catch (InvalidOperationException)
        {
            // The earlier parts are not a split the rules can continue (someone was given more than their part).
            findings.Add(new("distribution-off", $"The parts before distribution {recorded.Id} (deal {account.DealId}) are not the rules' split.", at));
            return;
        }
        // Every contributor, whether or not the distribution has a line for them (a missing line counts as nothing paid).
        foreach (var person in expected.Keys.Union(paid.Keys, StringComparer.Ordinal))
        {
            var given = paid.GetValueOrDefault(person);
            if (expected.GetValueOrDefault(person) != given)
                findings.Add(new("distribution-off",
                    $"Distribution {recorded.Id} gives {person} {given:F2}; the rules give {expected.GetValueOrDefault(person):F2}.",
                    lines.FindIndex(e => e.PersonId == person) is var line and >= 0 ? lines[line].Sequence : at));
        }
    }

    /// <summary>The national floor (促进科技成果转化法 Art. 45): no jurisdiction's floor is below it.</summary>
    public const decimal NationalFloor = 0.50m;
}
