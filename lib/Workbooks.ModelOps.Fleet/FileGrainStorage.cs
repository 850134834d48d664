using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Workbooks.ModelOps.Data;

namespace Workbooks.ModelOps.Fleet;

/// <summary>
/// Grain state in files of a folder that every silo can reach (a local disk for a single host, a network share
/// for several): one file per grain, written through a temporary file and a rename so a silo killed mid-write
/// leaves the previous state whole, with an ETag (hash of the bytes) so a stale activation cannot overwrite a newer
/// state. Hand-written because Orleans ships database and cloud providers but none for plain files, which is what a
/// small deployment, a CI run or a notebook has; larger deployments register Redis, ADO.NET or Azure storage under
/// <see cref="FleetHosting.StorageName"/> instead, and nothing else changes.
/// </summary>
public sealed class FileGrainStorage(string folder, Serializer serializer) : IGrainStorage
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string path = PathOf(stateName, grainId);
        if (!File.Exists(path)) { grainState.RecordExists = false; grainState.ETag = null; return; }
        var bytes = await File.ReadAllBytesAsync(path);
        try { grainState.State = serializer.Deserialize<T>(bytes); }
        catch (Exception e) { throw new InvalidDataException($"{path}: grain state cannot be read ({e.Message}).", e); }
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string path = PathOf(stateName, grainId);
        var bytes = serializer.SerializeToArray(grainState.State);
        var gate = Locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            CheckETag(path, grainState.ETag);
            // On disk before the rename and before the grain acknowledges: a silo that dies keeps the old or the new state.
            await AtomicFile.WriteAsync(path, stream => stream.WriteAsync(bytes).AsTask());
            grainState.ETag = ETagOf(bytes);
            grainState.RecordExists = true;
        }
        finally { gate.Release(); }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        string path = PathOf(stateName, grainId);
        var gate = Locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            CheckETag(path, grainState.ETag);
            File.Delete(path);
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally { gate.Release(); }
    }

    private static void CheckETag(string path, string? expected)
    {
        string? current = File.Exists(path) ? ETagOf(File.ReadAllBytes(path)) : null;
        if (current != expected)
            throw new InconsistentStateException($"{path}: the stored state changed since this activation read it (ETag {current ?? "none"}, expected {expected ?? "none"}).", current ?? "", expected ?? "");
    }

    /// <summary>File of a grain's state: folder/state/grain-type/escaped-key.bin (key escaped so any string is a safe file name).</summary>
    private string PathOf(string stateName, GrainId grainId)
    {
        string key = grainId.Key.ToString()!;
        var safe = new StringBuilder(key.Length);
        foreach (char c in key) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : string.Create(CultureInfo.InvariantCulture, $"%{(int)c:X4}"));
        if (safe.Length > 200) safe.Length = 200;   // long keys: a prefix plus a hash keeps names unique and short
        string name = safe.ToString() + "-" + ETagOf(Encoding.UTF8.GetBytes(key))[..8];
        return Path.Combine(Folder, stateName, grainId.Type.ToString()!, name + ".bin");
    }

    private static string ETagOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
}
