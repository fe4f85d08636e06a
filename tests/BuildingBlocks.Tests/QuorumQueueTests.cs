using Platform.BuildingBlocks.Messaging;
using Platform.Testing;

namespace BuildingBlocks.Tests;

/// <summary>
/// #17: on a RabbitMQ cluster the services declare quorum queues (Messaging:QuorumQueues, set by the Kubernetes base),
/// replicated over the nodes; events still flow through them end to end. A local single broker keeps classic queues.
/// </summary>
public class QuorumQueueTests
{
    [Fact]
    public async Task With_quorum_queues_set_the_consumers_queues_are_quorum_queues_and_events_go_through()
    {
        await using var host = await MessagingHost.StartAsync(quorumQueues: true);
        Assert.Equal("quorum", await TestInfrastructure.QueueTypeAsync(host.Vhost, MessagingHost.QueueOf<SomethingHappenedConsumer>()));

        var marker = Guid.NewGuid().ToString("N");
        await host.WithDbAsync(db =>
        {
            db.AddEvent(new SomethingHappened { Marker = marker }, TimeProvider.System);
            return db.SaveChangesAsync();
        });
        await Eventually.TrueAsync(async () => await host.EffectsAsync(marker) == 1, what: "the event through a quorum queue");
    }

    [Fact]
    public async Task Without_the_setting_the_queues_stay_classic()
    {
        await using var host = await MessagingHost.StartAsync();
        Assert.Equal("classic", await TestInfrastructure.QueueTypeAsync(host.Vhost, MessagingHost.QueueOf<SomethingHappenedConsumer>()));
    }
}
