using System.Net;
using System.Net.Sockets;

namespace Platform.Testing;

/// <summary>
/// A loopback TCP proxy in front of a real server, so a test can cut the network to it (RabbitMQ "down")
/// without stopping the server other test assemblies share, and then restore it.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;

    public int Port { get; }

    public TcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost == "localhost" ? "127.0.0.1" : targetHost), targetPort);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public bool IsUp => _listener is not null;

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        _ = Task.Run(() => AcceptLoopAsync(listener));
    }

    /// <summary>Refuses new connections and drops the open ones.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_connections)
        {
            foreach (var c in _connections) c.Dispose();
            _connections.Clear();
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(_stop.Token); }
            catch { return; }
            var upstream = new TcpClient();
            try { await upstream.ConnectAsync(_target); }
            catch { client.Dispose(); upstream.Dispose(); continue; }
            lock (_connections) { _connections.Add(client); _connections.Add(upstream); }
            _ = PumpAsync(client.GetStream(), upstream.GetStream(), client, upstream);
            _ = PumpAsync(upstream.GetStream(), client.GetStream(), client, upstream);
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, TcpClient a, TcpClient b)
    {
        try { await from.CopyToAsync(to); }
        catch { /* a cut connection ends here */ }
        finally { a.Dispose(); b.Dispose(); }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        Cut();
        return ValueTask.CompletedTask;
    }
}
