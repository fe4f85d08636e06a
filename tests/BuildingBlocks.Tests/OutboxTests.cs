using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;
using Platform.Testing;

namespace BuildingBlocks.Tests;

/// <summary>The transactional outbox against real PostgreSQL and RabbitMQ.</summary>
public class OutboxTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_relay_leader_stops_another_instance_takes_over_within_seconds()
    {
        var leader = await MessagingHost.StartAsync();
        var first = "by-leader-" + Guid.NewGuid();
        await leader.WithDbAsync(async db => { db.AddEvent(new SomethingHappened { Marker = first }, TimeProvider.System); return await db.SaveChangesAsync(); });
        await Eventually.TrueAsync(async () => await leader.EffectsAsync(first) == 1, what: "the leader's relay publishing");
        // Started after the leader holds the relay lock: this instance waits as a standby.
        await using var standby = await MessagingHost.StartAsync(database: leader.Database, vhost: leader.Vhost);
        var held = "while-leader-lives-" + Guid.NewGuid();
        await standby.WithDbAsync(async db => { db.AddEvent(new SomethingHappened { Marker = held }, TimeProvider.System); return await db.SaveChangesAsync(); });
        await Eventually.TrueAsync(async () => await standby.EffectsAsync(held) == 1, what: "an event published by the leader for both");

        await leader.DisposeAsync(); // the leader's process is gone: its lock connection closes with it
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var after = "after-leader-" + Guid.NewGuid();
        await standby.WithDbAsync(async db => { db.AddEvent(new SomethingHappened { Marker = after }, TimeProvider.System); return await db.SaveChangesAsync(); });
        await Eventually.TrueAsync(async () => await standby.EffectsAsync(after) == 1, TimeSpan.FromSeconds(30), "the standby's relay taking over");
        output.WriteLine($"relay takeover: the standby published {watch.Elapsed.TotalMilliseconds:0} ms after the leader stopped");
    }

    [Fact]
    public async Task An_event_of_a_rolled_back_transaction_is_never_published()
    {
        await using var host = await MessagingHost.StartAsync();
        var rolledBack = "rolled-back-" + Guid.NewGuid();
        var committed = "committed-" + Guid.NewGuid();

        await host.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.AddEvent(new SomethingHappened { Marker = rolledBack }, TimeProvider.System);
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
            return 0;
        });
        await host.WithDbAsync(async db =>
        {
            db.AddEvent(new SomethingHappened { Marker = committed }, TimeProvider.System);
            return await db.SaveChangesAsync();
        });

        // The committed event went all the way through RabbitMQ; the rolled-back one never existed.
        await Eventually.TrueAsync(async () => await host.EffectsAsync(committed) == 1, what: "the committed event");
        // No waiting for something not to happen: the rolled-back event has no outbox row, so nothing can ever publish it.
        var rows = await host.WithDbAsync(db => db.Set<OutboxMessage>().Select(m => m.Body).ToListAsync());
        Assert.Single(rows);
        Assert.DoesNotContain(rolledBack, rows[0]);
        Assert.Equal(0, await host.EffectsAsync(rolledBack));
    }

    [Fact]
    public async Task An_event_committed_while_RabbitMQ_is_down_is_published_after_it_returns()
    {
        await using var host = await MessagingHost.StartAsync(throughProxy: true);
        var marker = "while-down-" + Guid.NewGuid();

        host.Proxy!.Cut();
        await host.WithDbAsync(async db =>
        {
            db.AddEvent(new SomethingHappened { Marker = marker }, TimeProvider.System);
            return await db.SaveChangesAsync();
        });

        // Down (the bus has noticed it lost RabbitMQ): the row waits in the outbox, unpublished.
        var bus = host.Services.GetRequiredService<IBusControl>();
        await Eventually.TrueAsync(() => Task.FromResult(bus.CheckHealth().Status != BusHealthStatus.Healthy), TimeSpan.FromSeconds(30),
            "the bus to see RabbitMQ down");
        Assert.Equal(0, await host.EffectsAsync(marker));
        Assert.Equal(1, await host.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.PublishedAt == null)));

        host.Proxy.Start();
        await Eventually.TrueAsync(async () => await host.EffectsAsync(marker) == 1, TimeSpan.FromSeconds(60), "the event after RabbitMQ returned");
        // The relay marks the row published after the broker confirms it, so the consumer's effect can land first:
        // wait for the mark rather than read it once.
        await Eventually.TrueAsync(async () => await host.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.PublishedAt == null)) == 0,
            what: "the row marked published");
    }

    [Fact]
    public async Task A_row_that_can_never_be_published_is_set_aside_and_does_not_block_the_rest()
    {
        await using var host = await MessagingHost.StartAsync();
        var marker = "after-poison-" + Guid.NewGuid();
        await host.WithDbAsync(async db =>
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                MessageId = Guid.NewGuid(), MessageType = "Gone.Contracts.SomethingRemoved, Gone.Contracts", Body = "{}",
                CreatedAt = DateTimeOffset.UtcNow,
            });
            db.AddEvent(new SomethingHappened { Marker = marker }, TimeProvider.System);
            return await db.SaveChangesAsync();
        });
        await Eventually.TrueAsync(async () => await host.EffectsAsync(marker) == 1, what: "the event after the poison row");
        // The relay marks the poison row in the same pass, but its commit may land after the consumer's effect.
        var poison = await Eventually.GetAsync(() => host.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking()
            .SingleOrDefaultAsync(m => m.MessageType.StartsWith("Gone.") && m.FailedAt != null)), what: "the poison row set aside");
        Assert.NotNull(poison.FailedAt);
        Assert.Null(poison.PublishedAt);
        Assert.Contains("Gone.Contracts", poison.Error);
    }

    [Fact]
    public async Task Events_are_published_with_the_stored_id_as_MessageId()
    {
        await using var host = await MessagingHost.StartAsync();
        var marker = "id-" + Guid.NewGuid();
        var id = await host.WithDbAsync(async db =>
        {
            var messageId = db.AddEvent(new SomethingHappened { Marker = marker }, TimeProvider.System);
            await db.SaveChangesAsync();
            return messageId;
        });
        await Eventually.TrueAsync(async () => await host.EffectsAsync(marker) == 1, what: "the event");
        // The inbox keys on MessageId: the consumer recorded the outbox row's id.
        Assert.True(await host.WithDbAsync(db => db.Set<InboxMessage>().AnyAsync(m => m.MessageId == id)));
    }
}
