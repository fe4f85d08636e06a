using CrossBorder.Api.Domain;
using CrossBorder.Api.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.BuildingBlocks.Messaging;
using RevenueSharing.Contracts;

namespace CrossBorder.Api.Messaging;

/// <summary>policy.updated: a unit's longer notice period (publicityWorkingDays) for its agreement-priced deals.</summary>
public sealed class PolicyUpdatedConsumer(CrossBorderDbContext db, ILogger<PolicyUpdatedConsumer> logger)
    : InboxConsumer<PolicyUpdated, CrossBorderDbContext>(db, logger)
{
    protected override async Task HandleAsync(PolicyUpdated message, ConsumeContext<PolicyUpdated> context)
    {
        if (await Db.NoticePolicies.AnyAsync(p => p.UniversityId == message.UniversityId && p.Version == message.Version, context.CancellationToken))
            return;
        Db.NoticePolicies.Add(new UniversityNoticePolicy
        {
            UniversityId = message.UniversityId, Version = message.Version, PublicityWorkingDays = message.PublicityWorkingDays,
            EffectiveFrom = message.EffectiveFrom,
        });
    }
}
