using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using Listing.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.BuildingBlocks.Messaging;
using Platform.Testing;

namespace CrossBorder.Tests;

/// <summary>services/CrossBorder/README.md §2: agreement pricing goes to a public notice of working days, on a fake clock.</summary>
public class PublicNoticeTests : IAsyncLifetime
{
    // Friday 2026-12-04, 10:00 in Shanghai.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
    private ServiceFactory<CrossBorderDbContext> _service = null!;

    public async Task InitializeAsync()
    {
        _service = new ServiceFactory<CrossBorderDbContext>(await TestInfrastructure.NewDatabaseAsync("notice"), await TestInfrastructure.NewVhostAsync("notice"),
            new Dictionary<string, string?> { ["Deals:NoticeCheckInterval"] = "00:00:00.200" },
            services => services.AddSingleton<TimeProvider>(_clock));
        await _service.MigrateAsync();
        _ = _service.Server;
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public void Fifteen_working_days_skip_weekends_and_holidays()
    {
        var none = new Dictionary<DateOnly, CalendarDay>();
        var (first, last) = PublicNotice.Period(new DateOnly(2026, 12, 4), 15, none);
        Assert.Equal(new DateOnly(2026, 12, 7), first); // the next working day after a Friday is Monday
        Assert.Equal(new DateOnly(2026, 12, 25), last);
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 16, 0, 0, TimeSpan.Zero), PublicNotice.EndsAt(last)); // 24:00 Shanghai

        var holiday = new Dictionary<DateOnly, CalendarDay> { [new DateOnly(2026, 12, 21)] = new() { Date = new DateOnly(2026, 12, 21), Working = false } };
        Assert.Equal(new DateOnly(2026, 12, 28), PublicNotice.Period(new DateOnly(2026, 12, 4), 15, holiday).LastDay);
        var makeUp = new Dictionary<DateOnly, CalendarDay> { [new DateOnly(2026, 12, 5)] = new() { Date = new DateOnly(2026, 12, 5), Working = true } };
        Assert.Equal(new DateOnly(2026, 12, 5), PublicNotice.Period(new DateOnly(2026, 12, 4), 15, makeUp).FirstDay); // a make-up Saturday
    }

    [Fact]
    public void The_seeded_2026_arrangement_ends_a_notice_across_National_Day_on_the_right_day()
    {
        // Recorded Friday 2026-09-18: the next working day is the make-up Sunday 09-20; 09-25 and 10-01..07 are off
        // (10-05..07 by the State Council's arrangement), and Saturday 10-10 is worked: the 15th working day is 10-15.
        var calendar = ReferenceData.Holidays.ToDictionary(d => d.Date);
        var (first, last) = PublicNotice.Period(new DateOnly(2026, 9, 18), 15, calendar);
        Assert.Equal(new DateOnly(2026, 9, 20), first);
        Assert.Equal(new DateOnly(2026, 10, 15), last);
        Assert.False(PublicNotice.IsWorking(new DateOnly(2026, 2, 23), calendar)); // Spring Festival runs 02-15..23
        Assert.True(PublicNotice.IsWorking(new DateOnly(2026, 2, 28), calendar));
    }

    [Fact]
    public void The_seeded_calendar_knows_National_Day() =>
        Assert.False(PublicNotice.IsWorking(new DateOnly(2026, 10, 1), ReferenceData.Holidays.ToDictionary(d => d.Date)));

    private async Task<(HttpClient University, string DealId)> AgreementDealAsync()
    {
        var listing = Snapshots.Listing();
        await _service.Services.GetRequiredService<IBus>().Publish(new ListingPublished { OccurredAt = _clock.GetUtcNow(), Listing = listing });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == listing.ListingId)), what: "the listing");
        var university = _service.CreateClient().As("university", "fudan");
        var response = await university.PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "exclusive_licence", pricingMethod = "agreement",
            price = new { amount = "500000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deal = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("in_publicity", deal["status"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 12, 25, 16, 0, 0, TimeSpan.Zero), deal["publicityEndsAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(deal["exchange"]?.GetValue<string>());
        return (university, deal["id"]!.GetValue<string>());
    }

    /// <summary>
    /// The notice job pauses on this fake clock: moving it wakes the job once, and a move that lands while a run is under
    /// way would wake none. While a test waits for the job, fake time passes a job interval per probe.
    /// </summary>
    private void TimePasses() => _clock.Advance(TimeSpan.FromMilliseconds(200));

    private async Task<string> StatusAsync(string dealId) =>
        JsonNode.Parse(await _service.CreateClient().As("auditor").GetStringAsync($"/api/deals/{dealId}"))!["status"]!.GetValue<string>();

    [Fact]
    public async Task An_agreement_deal_concludes_when_its_notice_ends_and_not_before()
    {
        var (_, dealId) = await AgreementDealAsync();
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 25, 15, 59, 0, TimeSpan.Zero));
        await Task.Delay(1000);
        Assert.Equal("in_publicity", await StatusAsync(dealId));

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 25, 16, 0, 1, TimeSpan.Zero));
        await Eventually.TrueAsync(async () => await StatusAsync(dealId) == "concluded", what: "the deal to conclude", between: TimePasses);
        var concluded = await _service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealConcluded")).Select(m => m.Body).ToListAsync());
        Assert.Contains(concluded, b => b.Contains(dealId));
    }

    [Fact]
    public async Task An_objection_holds_the_deal_until_resolved_then_it_concludes_at_once()
    {
        var (university, dealId) = await AgreementDealAsync();
        var objected = await _service.CreateClient().As("exchange", "SHIPX").PostAsJsonAsync($"/api/deals/{dealId}/objections", new { reason = "Price too low." });
        Assert.Equal(HttpStatusCode.Created, objected.StatusCode);
        var objectionId = JsonNode.Parse(await objected.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal("objected", await StatusAsync(dealId));

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero)); // the notice has ended
        await Task.Delay(1000);
        Assert.Equal("objected", await StatusAsync(dealId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await university.PostAsJsonAsync($"/api/deals/{dealId}/objections", new { reason = "late" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _service.CreateClient().As("university", "sjtu")
            .PostAsJsonAsync($"/api/deals/{dealId}/objections/{objectionId}/resolve", new { resolution = "x" })).StatusCode);

        var resolved = await university.PostAsJsonAsync($"/api/deals/{dealId}/objections/{objectionId}/resolve", new { resolution = "Independent appraisal attached." });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("concluded", await StatusAsync(dealId));
    }

    [Fact]
    public async Task Two_objections_resolved_at_once_leave_the_deal_back_in_its_notice()
    {
        // Each resolution used to check for open objections before the other's had committed: both saw one still open
        // and the deal stayed objected with none open. Several deals, each resolved by two requests at once.
        for (var round = 0; round < 6; round++)
        {
            var (university, dealId) = await AgreementDealAsync();
            var objections = new List<string>();
            foreach (var exchange in new[] { "SHIPX", "SSTPE" })
            {
                var objected = await _service.CreateClient().As("exchange", exchange).PostAsJsonAsync($"/api/deals/{dealId}/objections", new { reason = "Price too low." });
                Assert.Equal(HttpStatusCode.Created, objected.StatusCode);
                objections.Add(JsonNode.Parse(await objected.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
            }
            var answers = await Task.WhenAll(objections.Select(id =>
                university.PostAsJsonAsync($"/api/deals/{dealId}/objections/{id}/resolve", new { resolution = "Appraisal attached." })));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            Assert.Equal("in_publicity", await StatusAsync(dealId));
        }
    }

    [Fact]
    public async Task A_longer_notice_from_the_units_policy_applies()
    {
        await _service.Services.GetRequiredService<IBus>().Publish(new RevenueSharing.Contracts.PolicyUpdated
        {
            OccurredAt = _clock.GetUtcNow(), UniversityId = "fudan", Version = 1, RewardShare = 0.8m, PublicityWorkingDays = 20,
            EffectiveFrom = new DateOnly(2026, 12, 1),
        });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.NoticePolicies.AnyAsync(p => p.UniversityId == "fudan")), what: "the policy");
        var listing = Snapshots.Listing();
        await _service.Services.GetRequiredService<IBus>().Publish(new ListingPublished { OccurredAt = _clock.GetUtcNow(), Listing = listing });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == listing.ListingId)), what: "the listing");
        var response = await _service.CreateClient().As("university", "fudan").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "agreement",
            price = new { amount = "1.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
        });
        // 20 working days from Monday 2026-12-07: the 19th is Thursday 2026-12-31, Friday 2027-01-01 is New Year's Day
        // (seeded), so the 20th is Monday 2027-01-04, and the notice ends at its 24:00 in Shanghai.
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 16, 0, 0, TimeSpan.Zero),
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["publicityEndsAt"]!.GetValue<DateTimeOffset>());
    }

    private async Task<(ListingSnapshot Listing, string DealId)> AgreementDealAbroadAsync(string mode = "non_exclusive_licence")
    {
        var listing = Snapshots.Listing(exchanges: ["STEX", "SSTPE"]);
        await _service.Services.GetRequiredService<IBus>().Publish(new ListingPublished { OccurredAt = _clock.GetUtcNow(), Listing = listing });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.ExchangeListings.AnyAsync(e => e.ListingId == listing.ListingId)), what: "the listing");
        var response = await _service.CreateClient().As("university", "fudan").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode, pricingMethod = "agreement",
            price = new { amount = "500000.00", currency = "CNY" }, buyer = new { name = "Nairobi Labs", country = "KE" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (listing, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    private async Task<JsonNode> DealAfterNoticeAsync(string dealId)
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 25, 16, 0, 1, TimeSpan.Zero));
        await Eventually.TrueAsync(async () => await StatusAsync(dealId) != "in_publicity", what: "the end of the notice", between: TimePasses);
        return JsonNode.Parse(await _service.CreateClient().As("auditor").GetStringAsync($"/api/deals/{dealId}"))!;
    }

    private async Task<bool> LapsedEventSentAsync(string dealId) => (await _service.WithDbAsync(db => db.Set<OutboxMessage>()
        .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealLapsed")).Select(m => m.Body).ToListAsync())).Any(b => b.Contains(dealId));

    [Fact]
    public async Task A_deal_whose_listing_was_withdrawn_during_the_notice_lapses_and_does_not_conclude()
    {
        var (listing, dealId) = await AgreementDealAbroadAsync();
        await _service.Services.GetRequiredService<IBus>().Publish(new ListingWithdrawn
        {
            OccurredAt = _clock.GetUtcNow(), Listing = listing with { Status = "withdrawn", Version = listing.Version + 1 },
        });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.Listings.AnyAsync(l => l.ListingId == listing.ListingId && l.Version == listing.Version + 1)),
            what: "the withdrawal");
        var deal = await DealAfterNoticeAsync(dealId);
        Assert.Equal("lapsed", deal["status"]!.GetValue<string>());
        Assert.Null(deal["concludedAt"]?.GetValue<DateTimeOffset?>());
        Assert.Contains(deal["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "lapsed_listing_not_offered");
        Assert.True(await LapsedEventSentAsync(dealId));
    }

    [Fact]
    public async Task A_deal_abroad_whose_technology_became_prohibited_during_the_notice_lapses()
    {
        var (listing, dealId) = await AgreementDealAbroadAsync();
        await _service.Services.GetRequiredService<IBus>().Publish(new ListingUpdated
        {
            OccurredAt = _clock.GetUtcNow(),
            Listing = listing with
            {
                Version = listing.Version + 1, ExportControl = new ExportControlSnapshot { Class = "prohibited", CatalogueItem = "CN-2025-009" },
            },
        });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.Listings.AnyAsync(l => l.ListingId == listing.ListingId && l.Version == listing.Version + 1)),
            what: "the reclassification");
        var deal = await DealAfterNoticeAsync(dealId);
        Assert.Equal("lapsed", deal["status"]!.GetValue<string>());
        Assert.Contains(deal["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "lapsed_export_prohibited");
        Assert.True(await LapsedEventSentAsync(dealId));
    }

    [Fact]
    public async Task A_deal_whose_listing_went_to_an_exclusive_licensee_during_the_notice_lapses()
    {
        var (listing, dealId) = await AgreementDealAbroadAsync();
        var exclusive = await _service.CreateClient().As("exchange", "STEX").PostAsJsonAsync("/api/deals", new
        {
            listingId = listing.ListingId, mode = "exclusive_licence", pricingMethod = "exchange_listing",
            price = new { amount = "900000.00", currency = "CNY" }, buyer = new { name = "Shanghai Co", country = "CN" },
        });
        Assert.Equal(HttpStatusCode.Created, exclusive.StatusCode);
        var deal = await DealAfterNoticeAsync(dealId);
        Assert.Equal("lapsed", deal["status"]!.GetValue<string>());
        Assert.Contains(deal["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "lapsed_offer_ended");
    }

    [Fact]
    public async Task Below_p10_is_judged_at_conclusion_and_unknown_without_a_rate_of_that_date()
    {
        var (listing, dealId) = await AgreementDealAbroadAsync();
        // A valuation in USD arrives during the notice; no USD rate is known for the conclusion date.
        await _service.Services.GetRequiredService<IBus>().Publish(new Valuation.Contracts.ValuationCompleted
        {
            OccurredAt = _clock.GetUtcNow(), ValuationId = Guid.CreateVersion7(), ListingId = listing.ListingId, Method = "cost",
            Value = new Platform.BuildingBlocks.Monetary.Money(100000m, "USD"),
            Range = new Valuation.Contracts.ValuationRangeSnapshot
            {
                P10 = new Platform.BuildingBlocks.Monetary.Money(90000m, "USD"), P50 = new Platform.BuildingBlocks.Monetary.Money(100000m, "USD"),
                P90 = new Platform.BuildingBlocks.Monetary.Money(110000m, "USD"),
            },
        });
        await Eventually.TrueAsync(() => _service.WithDbAsync(db => db.Valuations.AnyAsync(v => v.ListingId == listing.ListingId)), what: "the valuation");
        var deal = await DealAfterNoticeAsync(dealId);
        Assert.Equal("concluded", deal["status"]!.GetValue<string>());
        Assert.Contains(deal["flags"]!.AsArray(), f => f!["code"]!.GetValue<string>() == "below_p10_unknown");
    }
}

/// <summary>Two instances of cross-border on one database: leader-only jobs run once (README, reliability).</summary>
public class LeaderJobTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime());
    private readonly List<ServiceFactory<CrossBorderDbContext>> _instances = [];

    public async Task InitializeAsync()
    {
        var database = await TestInfrastructure.NewDatabaseAsync("leader");
        var vhost = await TestInfrastructure.NewVhostAsync("leader");
        for (var i = 0; i < 2; i++)
        {
            var instance = new ServiceFactory<CrossBorderDbContext>(database, vhost,
                new Dictionary<string, string?> { ["Deals:NoticeCheckInterval"] = "00:00:00.100" }, services => services.AddSingleton<TimeProvider>(_clock));
            if (i == 0) await instance.MigrateAsync();
            _ = instance.Server;
            _instances.Add(instance);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_conclude_each_deal_once()
    {
        var service = _instances[0];
        var listings = new List<ListingSnapshot>();
        for (var i = 0; i < 5; i++)
        {
            var listing = Snapshots.Listing(modes: ["non_exclusive_licence"]);
            await service.Services.GetRequiredService<IBus>().Publish(new ListingPublished { OccurredAt = _clock.GetUtcNow(), Listing = listing });
            listings.Add(listing);
        }
        await Eventually.TrueAsync(() => service.WithDbAsync(db => db.ExchangeListings.Select(e => e.ListingId).Distinct().CountAsync(id => listings.Select(l => l.ListingId).Contains(id)))
            .ContinueWith(t => t.Result == 5), what: "the listings");
        var deals = new List<string>();
        foreach (var listing in listings)
        {
            var response = await _instances[deals.Count % 2].CreateClient().As("university", "fudan").PostAsJsonAsync("/api/deals", new
            {
                listingId = listing.ListingId, mode = "non_exclusive_licence", pricingMethod = "agreement",
                price = new { amount = "1000.00", currency = "CNY" }, buyer = new { name = "Acme", country = "CN" },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            deals.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 25, 16, 0, 1, TimeSpan.Zero));
        await Eventually.TrueAsync(async () => (await service.WithDbAsync(db => db.Deals.CountAsync(d => d.Status == DealStatus.Concluded))) == 5,
            what: "every deal concluded", between: () => _clock.Advance(TimeSpan.FromMilliseconds(100)));
        var concluded = await service.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType.StartsWith("CrossBorder.Contracts.DealConcluded")).Select(m => m.Body).ToListAsync());
        Assert.All(deals, id => Assert.Single(concluded, b => b.Contains(id)));
        Assert.All(await service.WithDbAsync(db => db.Deals.ToListAsync()), d => Assert.Equal(2, d.Version)); // recorded, then concluded once
    }
}
