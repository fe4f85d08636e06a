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

    [Fact]
    public async Task A_poison_message_goes_to_error_is_signalled_and_is_replayed_after_the_fix_while_the_rest_flow()
    {
        await using var host = await MessagingHost.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var poison = "poison-" + Guid.NewGuid();
        FixableConsumer.Broken[poison] = true;
        await bus.Publish(new Fixable { Marker = poison });
        var errorQueue = MessagingHost.QueueOf<FixableConsumer>() + "_error";
        await Eventually.TrueAsync(async () => await TestInfrastructure.QueueDepthAsync(host.Vhost, errorQueue) == 1,
            TimeSpan.FromSeconds(30), $"the message in {errorQueue}");

        // The rest keep flowing.
        var healthy = "after-" + Guid.NewGuid();
        await bus.Publish(new Fixable { Marker = healthy });
        await Eventually.TrueAsync(async () => await host.EffectsAsync(healthy) == 1, what: "the next message handled");

        // The operator sees it: once per message (not per retry), and /health/ready Degraded naming it.
        var deadLetters = host.Services.GetRequiredService<DeadLetters>();
        Assert.Equal(1, deadLetters.Count);
        var health = await host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Entries["dead-lettered"].Status);
        Assert.Contains("Fixable", health.Entries["dead-lettered"].Description);

        // The fix ships; the documented command moves the message back, and it takes effect once.
        FixableConsumer.Broken.TryRemove(poison, out _);
        var servers = await TestServers.GetAsync();
        await ReplayErrorsAsync(servers.RabbitMqManagement, host.Vhost.AbsolutePath.TrimStart('/'));
        await Eventually.TrueAsync(async () => await host.EffectsAsync(poison) == 1, TimeSpan.FromSeconds(30), "the replayed message handled");
        // The management API's counts lag by a few seconds.
        await Eventually.TrueAsync(async () => await TestInfrastructure.QueueDepthAsync(host.Vhost, errorQueue) == 0, TimeSpan.FromSeconds(30),
            $"{errorQueue} empty");
    }

    private static async Task ReplayErrorsAsync(Uri management, string vhost)
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(RepoPaths.Root, "platform"), "replay-errors", "--management", management.ToString(), "--vhost", Uri.UnescapeDataString(vhost) })
            info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("1 message(s) replayed", output);
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
