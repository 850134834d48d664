using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Workbooks.Notebooks.Jupyter;

/// <summary>One message of the Jupyter messaging protocol (5.3): routing identities, header, parent
/// header, metadata and content. Binary buffers are kept but never produced by this kernel.</summary>
public sealed class JupyterMessage
{
    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    public required JsonObject Header { get; init; }
    public JsonObject ParentHeader { get; init; } = [];
    public JsonObject Metadata { get; init; } = [];
    public JsonObject Content { get; init; } = [];
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    public string Type => Header["msg_type"]?.GetValue<string>() ?? "";
    public string Id => Header["msg_id"]?.GetValue<string>() ?? "";

    /// <summary>A new message of <paramref name="type"/> answering (or caused by) <paramref name="parent"/>,
    /// routed back to the parent's identities.</summary>
    public static JupyterMessage Create(string type, JsonObject content, JupyterMessage? parent, string session) => new()
    {
        Identities = parent?.Identities ?? [],
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString("N"),
            ["session"] = session,
            ["username"] = parent?.Header["username"]?.GetValue<string>() ?? "workbooks",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["msg_type"] = type,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
        Content = content,
    };
}

/// <summary>
/// The wire format: identities, the <c>&lt;IDS|MSG&gt;</c> delimiter, the HMAC-SHA256 signature (hex)
/// of the four JSON frames, the four JSON frames, then buffers. With an empty key nothing is signed
/// and the signature frame is empty, as the specification allows.
/// </summary>
public sealed class MessageCodec(string key)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    /// <summary>Frames ready to send.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var parts = new[] { message.Header, message.ParentHeader, message.Metadata, message.Content }
            .Select(part => Encoding.UTF8.GetBytes(part.ToJsonString())).ToArray();
        var frames = new List<byte[]>(message.Identities) { Delimiter, Encoding.ASCII.GetBytes(Sign(parts)) };
        frames.AddRange(parts);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Parses received frames; returns null with a reason when the frames are malformed or the
    /// signature does not match (such a message must be dropped, never acted on).</summary>
    public JupyterMessage? Decode(IReadOnlyList<byte[]> frames, out string? rejection)
    {
        rejection = null;
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        if (delimiter < 0 || frames.Count < delimiter + 6)
        {
            rejection = "malformed message (no <IDS|MSG> delimiter or too few frames)";
            return null;
        }
        var parts = frames.Skip(delimiter + 2).Take(4).ToArray();
        if (_key.Length > 0)
        {
            var expected = Encoding.ASCII.GetBytes(Sign(parts));
            if (!CryptographicOperations.FixedTimeEquals(expected, frames[delimiter + 1]))
            {
                rejection = "invalid HMAC-SHA256 signature";
                return null;
            }
        }
        try
        {
            // Duplicate keys are a JsonException here (a rejected message), not an ArgumentException later.
            JsonObject Parse(byte[] bytes) => JsonNode.Parse(bytes, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? [];
            var header = Parse(parts[0]);
            if (header["msg_type"] is null) { rejection = "header without msg_type"; return null; }
            return new JupyterMessage
            {
                Identities = frames.Take(delimiter).ToArray(),
                Header = header,
                ParentHeader = Parse(parts[1]),
                Metadata = Parse(parts[2]),
                Content = Parse(parts[3]),
                Buffers = frames.Skip(delimiter + 6).ToArray(),
            };
        }
        catch (System.Text.Json.JsonException e)
        {
            rejection = "unreadable JSON frame: " + e.Message;
            return null;
        }
    }

    private string Sign(IEnumerable<byte[]> parts)
    {
        if (_key.Length == 0) return "";
        using var hmac = new HMACSHA256(_key);
        foreach (var part in parts) hmac.TransformBlock(part, 0, part.Length, null, 0);
        hmac.TransformFinalBlock([], 0, 0);
        return Convert.ToHexStringLower(hmac.Hash!);
    }
}
