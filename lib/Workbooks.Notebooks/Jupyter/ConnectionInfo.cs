using System.Text.Json;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>
/// The connection file a Jupyter front end writes before starting a kernel: transport, address, the
/// five ports and the HMAC key. Reading it is the kernel's first step; a missing file or field is a
/// <see cref="FormatException"/> whose one-line message names the file and the field.
/// </summary>
public sealed record ConnectionInfo(
    string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HeartbeatPort,
    string Key, string SignatureScheme)
{
    /// <summary>The address of one of the five sockets, e.g. <c>tcp://127.0.0.1:5555</c>
    /// (for the ipc transport the "port" is a suffix of the path, as jupyter_client writes it).</summary>
    public string Address(int port) => Transport == "ipc" ? $"ipc://{Ip}-{port}" : $"{Transport}://{Ip}:{port}";

    /// <summary>Reads and checks a connection file.</summary>
    public static ConnectionInfo Read(string path)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (IOException e) { throw new FormatException($"{path}: cannot read the connection file ({e.Message})."); }
        catch (UnauthorizedAccessException e) { throw new FormatException($"{path}: cannot read the connection file ({e.Message})."); }
        catch (JsonException e) { throw new FormatException($"{path}: not a JSON connection file ({e.Message})."); }
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: the connection file must hold a JSON object.");

        string Text(string name, string? fallback = null)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String) return value.GetString()!;
            return fallback ?? throw new FormatException($"{path}: field '{name}' is missing or not a string.");
        }
        int Port(string name)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var port) && port is > 0 and < 65536)
                return port;
            throw new FormatException($"{path}: field '{name}' must be a port number.");
        }

        var scheme = Text("signature_scheme", "hmac-sha256");
        var key = Text("key", "");
        if (key.Length > 0 && scheme != "hmac-sha256")
            throw new FormatException($"{path}: signature_scheme '{scheme}' is not supported (only hmac-sha256).");
        var transport = Text("transport", "tcp");
        if (transport is not ("tcp" or "ipc")) throw new FormatException($"{path}: transport '{transport}' is not supported (tcp or ipc).");
        return new ConnectionInfo(transport, Text("ip", "127.0.0.1"), Port("shell_port"), Port("iopub_port"), Port("stdin_port"),
            Port("control_port"), Port("hb_port"), key, scheme);
    }
}
