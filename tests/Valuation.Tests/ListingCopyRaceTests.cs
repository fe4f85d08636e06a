using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Persistence;
using Valuation.Api.Domain;
using Valuation.Api.Infrastructure;

namespace Valuation.Tests;

/// <summary>
/// Two replicas handle two versions of a listing at once (found by review): each read the copy, compared versions and
/// wrote, so version 2 committing after version 3 left the copy at 2. The kept row is now read FOR UPDATE.
/// </summary>
public class ListingCopyRaceTests(ValuationServiceFixture fixture) : IClassFixture<ValuationServiceFixture>
{
    private static ValuedListing Copy(Guid id, long version) => new()
    {
        ListingId = id, Version = version,
        Snapshot = new ListingFacts { UniversityId = "fudan", Status = "draft", Trl = version > 2 ? 7 : 3, Exchanges = [], Pricing = new PricingFacts() },
    };

    [Fact]
    public async Task An_older_version_arriving_beside_a_newer_one_never_overwrites_it()
    {
        var id = Guid.CreateVersion7();
        await fixture.Service.WithDbAsync(async db => { db.Listings.Add(Copy(id, 1)); return await db.SaveChangesAsync(); });

        await using var scopeA = fixture.Service.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<ValuationDbContext>();
        await using var transactionA = await a.Database.BeginTransactionAsync();
        Assert.True((await VersionedCopies.UpsertAsync(a, Copy(id, 3), default)).Changed);
        await a.SaveChangesAsync();

        await using var scopeB = fixture.Service.Services.CreateAsyncScope();
        var b = scopeB.ServiceProvider.GetRequiredService<ValuationDbContext>();
        var olderDone = Task.Run(async () =>
        {
            await using var transactionB = await b.Database.BeginTransactionAsync();
            var (_, changed) = await VersionedCopies.UpsertAsync(b, Copy(id, 2), default);
            await b.SaveChangesAsync();
            await transactionB.CommitAsync();
            return changed;
        });
        await Task.Delay(500);
        Assert.False(olderDone.IsCompleted, "version 2 did not wait for version 3's transaction");
        await transactionA.CommitAsync();
        Assert.False(await olderDone); // it saw version 3, and changed nothing
        var kept = await fixture.Service.WithDbAsync(db => db.Listings.AsNoTracking().SingleAsync(l => l.ListingId == id));
        Assert.Equal(3, kept.Version);
        Assert.Equal(7, kept.Snapshot.Trl);
    }
}
