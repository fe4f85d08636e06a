using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.BuildingBlocks.Messaging;
using Platform.Testing;

namespace BuildingBlocks.Tests;

public class InboxTests
{
    [Fact]
    public async Task The_same_message_delivered_twice_changes_nothing_the_second_time()
    {
        await using var host = await MessagingHost.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var observer = new ConsumedCounter();
        using var handle = bus.ConnectConsumeMessageObserver(observer);
        var marker = "twice-" + Guid.NewGuid();
        var messageId = NewId.NextGuid();

        await bus.Publish(new SomethingHappened { Marker = marker }, c => c.MessageId = messageId);
        await bus.Publish(new SomethingHappened { Marker = marker }, c => c.MessageId = messageId);

        await Eventually.TrueAsync(() => Task.FromResult(observer.Count >= 2), what: "both deliveries consumed");
        Assert.Equal(1, await host.EffectsAsync(marker));
        Assert.Equal(1, await host.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task A_consumer_that_throws_leaves_the_message_in_the_error_queue()
    {
        await using var host = await MessagingHost.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(new PleaseFail { Marker = "fail" });

        var errorQueue = MessagingHost.QueueOf<PleaseFailConsumer>() + "_error";
        await Eventually.TrueAsync(async () => await TestInfrastructure.QueueDepthAsync(host.Vhost, errorQueue) == 1,
            TimeSpan.FromSeconds(30), $"the message in {errorQueue}");
    }

    private sealed class ConsumedCounter : IConsumeMessageObserver<SomethingHappened>
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public Task PreConsume(ConsumeContext<SomethingHappened> context) => Task.CompletedTask;
        public Task PostConsume(ConsumeContext<SomethingHappened> context) { Interlocked.Increment(ref _count); return Task.CompletedTask; }
        public Task ConsumeFault(ConsumeContext<SomethingHappened> context, Exception exception) => Task.CompletedTask;
    }
}
