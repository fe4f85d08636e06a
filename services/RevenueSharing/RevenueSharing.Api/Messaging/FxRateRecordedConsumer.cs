using CrossBorder.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using Platform.BuildingBlocks.Monetary;
using RevenueSharing.Api.Infrastructure;

namespace RevenueSharing.Api.Messaging;

/// <summary>fx_rate.recorded: keeps every rate (history included) to convert foreign-currency receipts and costs.</summary>
public sealed class FxRateRecordedConsumer(RevenueDbContext db, ILogger<FxRateRecordedConsumer> logger)
    : InboxConsumer<FxRateRecorded, RevenueDbContext>(db, logger)
{
    protected override async Task HandleAsync(FxRateRecorded message, ConsumeContext<FxRateRecorded> context)
    {
        if (await Db.FxRates.AnyAsync(r => r.Id == message.RateId, context.CancellationToken)) return;
        Db.FxRates.Add(new FxRate
        {
            Id = message.RateId, Currency = message.Currency, Date = message.Date, RateToCny = message.RateToCny, RecordedAt = message.OccurredAt,
        });
    }
}
