using System.Text;
using NetMQ;
using NetMQ.Sockets;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>The four message channels of the protocol (the heartbeat only echoes bytes).</summary>
public enum JupyterChannel { Shell, Control, Stdin, IOPub }

/// <summary>
/// Owns the five ZeroMQ sockets of a kernel. NetMQ sockets are not thread-safe, so one poller thread
/// does every receive and send: other threads hand outgoing messages over through a queue that the
/// poller drains. Received messages are decoded and checked (a wrong signature is logged and dropped)
/// before <c>onMessage</c> sees them, on the poller thread, so handlers must not block.
/// </summary>
internal sealed class JupyterSockets : IDisposable
{
    private readonly RouterSocket _shell = new();
    private readonly RouterSocket _control = new();
    private readonly RouterSocket _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<(JupyterChannel Channel, List<byte[]>? Frames)> _outgoing = new();
    private readonly NetMQPoller _poller;
    private readonly MessageCodec _codec;
    private readonly Action<JupyterChannel, JupyterMessage> _onMessage;
    private readonly Action<string> _log;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JupyterSockets(ConnectionInfo connection, MessageCodec codec, Action<JupyterChannel, JupyterMessage> onMessage, Action<string> log)
    {
        _codec = codec;
        _onMessage = onMessage;
        _log = log;
        Bind(_shell, connection, connection.ShellPort, "shell");
        Bind(_control, connection, connection.ControlPort, "control");
        Bind(_stdin, connection, connection.StdinPort, "stdin");
        Bind(_iopub, connection, connection.IopubPort, "iopub");
        Bind(_heartbeat, connection, connection.HeartbeatPort, "hb");
        _shell.ReceiveReady += (_, e) => Receive(JupyterChannel.Shell, e.Socket);
        _control.ReceiveReady += (_, e) => Receive(JupyterChannel.Control, e.Socket);
        _stdin.ReceiveReady += (_, e) => Receive(JupyterChannel.Stdin, e.Socket);
        _heartbeat.ReceiveReady += (_, e) => e.Socket.SendMultipartBytes(e.Socket.ReceiveMultipartBytes());
        _outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero))
            {
                if (item.Frames is null) { _poller!.Stop(); _stopped.TrySetResult(); return; }
                Socket(item.Channel).SendMultipartBytes(item.Frames);
            }
        };
        _poller = new NetMQPoller { _shell, _control, _stdin, _heartbeat, _outgoing };
    }

    /// <summary>Starts the poller thread.</summary>
    public void Start() => _poller.RunAsync("jupyter-sockets", isBackgroundThread: true);

    /// <summary>Queues <paramref name="message"/> for sending; safe from any thread. IOPub messages get
    /// their topic frame (<c>kernel.SESSION.TYPE</c>, as ipykernel writes it) here.</summary>
    public void Send(JupyterChannel channel, JupyterMessage message)
    {
        if (channel == JupyterChannel.IOPub)
        {
            var topic = Encoding.UTF8.GetBytes($"kernel.{message.Header["session"]}.{message.Type}");
            message = new JupyterMessage
            {
                Identities = [topic], Header = message.Header, ParentHeader = message.ParentHeader,
                Metadata = message.Metadata, Content = message.Content, Buffers = message.Buffers,
            };
        }
        _outgoing.Enqueue((channel, _codec.Encode(message)));
    }

    /// <summary>Sends everything queued so far, then stops the poller.</summary>
    public Task FlushAndStopAsync()
    {
        _outgoing.Enqueue((JupyterChannel.Shell, null));
        return _stopped.Task;
    }

    private void Receive(JupyterChannel channel, NetMQSocket socket)
    {
        var frames = socket.ReceiveMultipartBytes();
        var message = _codec.Decode(frames, out var rejection);
        if (message is null)
        {
            _log($"dropped a {channel.ToString().ToLowerInvariant()} message: {rejection}");
            return;
        }
        try { _onMessage(channel, message); }
        catch (Exception e) { _log($"{message.Type} on {channel}: {e.GetType().Name}: {e.Message}"); }
    }

    private NetMQSocket Socket(JupyterChannel channel) => channel switch
    {
        JupyterChannel.Shell => _shell,
        JupyterChannel.Control => _control,
        JupyterChannel.Stdin => _stdin,
        _ => _iopub,
    };

    private static void Bind(NetMQSocket socket, ConnectionInfo connection, int port, string name)
    {
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        try { socket.Bind(connection.Address(port)); }
        catch (NetMQException e)
        {
            throw new IOException($"cannot bind the {name} socket to {connection.Address(port)}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) socket.Dispose();
        _outgoing.Dispose();
    }
}
