using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gateway.Tests;

/// <summary>
/// A service keeps its own records of what others tell it (#16): no column of its database, nor anything stored in a
/// jsonb column, is typed by another service's contract, so a change to another's contract can never silently
/// change this service's schema. Read from each service's EF model (built offline, no database).
/// </summary>
public class OwnSchemaTests
{
    public static readonly TheoryData<string> Services = ["Listing", "Valuation", "RevenueSharing", "CrossBorder"];

    private static DbContext DesignTimeContext(string service)
    {
        var assembly = Assembly.Load($"{service}.Api");
        var factory = assembly.GetTypes().Single(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)));
        var create = factory.GetMethod("CreateDbContext")!;
        return (DbContext)create.Invoke(Activator.CreateInstance(factory), [Array.Empty<string>()])!;
    }

    /// <summary>Every type a stored value is made of: the property's type, its generic arguments, and (for records kept as jsonb) their properties.</summary>
    private static IEnumerable<Type> TypesWithin(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type)) yield break;
        yield return type;
        var parts = type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments().AsEnumerable();
        if (type.Assembly.GetName().Name is { } name && !name.StartsWith("System", StringComparison.Ordinal) && !type.IsEnum)
            parts = parts.Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType));
        foreach (var part in parts)
        foreach (var inner in TypesWithin(part, seen))
            yield return inner;
    }

    public static IReadOnlyList<string> ForeignContractTypes(DbContext db, string service) =>
        db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Where: $"{e.ClrType.Name}.{p.Name}", p.ClrType)))
            .SelectMany(p => TypesWithin(p.ClrType, []).Select(t => (p.Where, Type: t)))
            .Where(p => p.Type.Assembly.GetName().Name is { } a && a.EndsWith(".Contracts", StringComparison.Ordinal) && a != $"{service}.Contracts")
            .Select(p => $"{p.Where} holds {p.Type.FullName}")
            .Distinct().ToList();

    [Theory]
    [MemberData(nameof(Services))]
    public void Nothing_stored_is_typed_by_another_services_contract(string service)
    {
        using var db = DesignTimeContext(service);
        var foreign = ForeignContractTypes(db, service);
        Assert.True(foreign.Count == 0, string.Join("; ", foreign));
    }

    [Fact]
    public void The_check_sees_a_foreign_contract_where_there_is_one()
    {
        // Not a test that cannot fail: seen from valuation, cross-border's own deal record (its own contracts) is foreign.
        using var db = DesignTimeContext("CrossBorder");
        Assert.NotEmpty(ForeignContractTypes(db, "Valuation"));
    }
}

/// <summary>
/// Rows stored before the services kept their own records hold the listing contract's whole JSON: each service's own
/// record reads them as it reads what it writes now (extra members ignored, the same names), so no data migration.
/// </summary>
public class StoredCopiesCompatibilityTests
{
    private static readonly Listing.Contracts.ListingSnapshot Snapshot = new()
    {
        ListingId = Guid.CreateVersion7(), InventionId = Guid.CreateVersion7(), UniversityId = "fudan", Status = "published",
        Title = "Solid-state electrolyte", Field = "materials", Trl = 5, Modes = ["transfer", "exclusive_licence"],
        Pricing = new Listing.Contracts.PricingSnapshot { Method = "exchange_listing", AskingPrice = Platform.BuildingBlocks.Monetary.Money.Cny(1_200_000m) },
        Exchanges = ["STEX"],
        ExportControl = new Listing.Contracts.ExportControlSnapshot { Class = "restricted", CatalogueItem = "CN-1", DualUse = true },
        Rights = new Listing.Contracts.RightsSnapshot { Model = "researcher_co_owned", ResearcherShare = 0.3m, Years = 10 },
        IpAssets = [new Listing.Contracts.IpAssetSnapshot { Kind = "patent", Number = "ZL2024", Jurisdiction = "CN", Status = "granted" }],
        Contributors =
        [
            new Listing.Contracts.ContributorSnapshot { PersonId = "p1", Name = "Li", Share = 0.6m, MainContributor = true, Role = "inventor", LeadershipPost = true },
            new Listing.Contracts.ContributorSnapshot { PersonId = "p2", Name = "Wang", Share = 0.4m, Role = "team", UnitHead = true },
        ],
        Version = 3,
    };

    private static readonly string StoredBefore = System.Text.Json.JsonSerializer.Serialize(Snapshot, Platform.BuildingBlocks.Hosting.PlatformJson.Options);

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, Platform.BuildingBlocks.Hosting.PlatformJson.Options);

    private static T Read<T>() => System.Text.Json.JsonSerializer.Deserialize<T>(StoredBefore, Platform.BuildingBlocks.Hosting.PlatformJson.Options)!;

    [Fact]
    public void Cross_border_reads_a_listing_copy_stored_as_the_contract() =>
        Assert.Equal(Json(CrossBorder.Api.Domain.ContractMapping.ToCopy(Snapshot).Snapshot), Json(Read<CrossBorder.Api.Domain.ListingFacts>()));

    [Fact]
    public void Revenue_sharing_reads_a_listing_copy_stored_as_the_contract() =>
        Assert.Equal(Json(RevenueSharing.Api.Domain.ContractMapping.ToCopy(Snapshot).Snapshot), Json(Read<RevenueSharing.Api.Domain.ListingFacts>()));

    [Fact]
    public void Valuation_reads_a_listing_copy_stored_as_the_contract() =>
        Assert.Equal(Json(Valuation.Api.Domain.ContractMapping.ToCopy(Snapshot).Snapshot), Json(Read<Valuation.Api.Domain.ListingFacts>()));

    [Fact]
    public void Revenue_sharing_reads_deal_contributors_stored_as_the_contract()
    {
        var stored = Json(Snapshot.Contributors);
        var read = System.Text.Json.JsonSerializer.Deserialize<IReadOnlyList<RevenueSharing.Rules.Contributor>>(stored, Platform.BuildingBlocks.Hosting.PlatformJson.Options)!;
        Assert.Equal(Json(RevenueSharing.Api.Domain.ContractMapping.ToOwn(Snapshot.Contributors)), Json(read));
    }
}
