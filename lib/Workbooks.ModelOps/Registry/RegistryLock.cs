using System.Diagnostics;

namespace Workbooks.ModelOps.Registry;

/// <summary>
/// The registry's cross-process lock: the file <c>registry.lock</c> opened with <see cref="FileShare.None"/>, which
/// .NET turns into an exclusive <c>flock</c> on Unix and a sharing lock on Windows. The kernel drops it when its
/// holder dies, SIGKILL included, so a crashed process never leaves the registry locked. Every catalog
/// operation holds it, because DuckDB lets only one process at a time open a database file for writing.
/// </summary>
/// <remarks>
/// A bare try-lock loop is unfair: a process that releases and at once re-takes the lock wins nearly every race
/// against one sleeping between tries, and the sleeper can starve past its timeout (seen: 128 operations for one
/// writer against 5 for the other). So waiters queue first, first come first served: each holds a ticket file,
/// named by its arrival time, in <c>registry.lock.queue/</c>, locked the same way, and only the oldest live ticket
/// tries the lock. A ticket whose lock can be taken belongs to a dead waiter and is removed. No .NET library offers
/// a fair cross-process lock (named mutexes are Windows-only across processes), hence this small queue. The queue
/// only orders the tries; <c>registry.lock</c> alone guarantees exclusion, so a lost ticket costs fairness, never safety.
/// </remarks>
internal sealed class RegistryLock : IDisposable
{
    // A ticket younger than this may not have taken its own lock yet (create, then flock): never judge it dead.
    private static readonly TimeSpan TicketGrace = TimeSpan.FromSeconds(2);

    private readonly FileStream _file;

    private RegistryLock(FileStream file) => _file = file;

    public static RegistryLock Acquire(string path, TimeSpan timeout)
    {
        // DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns FileShare.None into a no-op on Unix: refuse rather than race.
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled
            || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true")
            throw new ModelRegistryException("The model registry needs file locking, which DOTNET_SYSTEM_IO_DISABLEFILELOCKING (System.IO.DisableFileLocking) turns off.");
        var clock = Stopwatch.StartNew();
        var queue = path + ".queue";
        Directory.CreateDirectory(queue);
        using var ticket = Ticket.Take(queue);
        int delayMs = 1;
        while (true)
        {
            if (ticket.IsFirst() && TryOpen(path) is { } held) return new RegistryLock(held);
            if (clock.Elapsed >= timeout)
                throw new ModelRegistryException($"The model registry is locked by another process: could not take '{path}' within {timeout.TotalSeconds:0.#} s.");
            // Short sleeps: the queue, not the sleep length, decides who goes next.
            Thread.Sleep(delayMs);
            delayMs = Math.Min(8, delayMs * 2);
        }
    }

    public void Dispose() => _file.Dispose();

    private static FileStream? TryOpen(string path)
    {
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>One waiter's place in the queue: a locked file whose name sorts by arrival.</summary>
    private sealed class Ticket : IDisposable
    {
        private readonly string _path;
        private readonly FileStream _held;

        private Ticket(string path, FileStream held) { _path = path; _held = held; }

        public static Ticket Take(string queue)
        {
            var name = $"{DateTime.UtcNow.Ticks:D19}-{Environment.ProcessId:D10}-{Guid.NewGuid():N}";
            var path = Path.Combine(queue, name);
            return new Ticket(path, new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }

        /// <summary>True when no live ticket arrived before this one; removes the tickets of dead waiters on the way.</summary>
        public bool IsFirst()
        {
            var mine = Path.GetFileName(_path);
            foreach (var other in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!))
            {
                var name = Path.GetFileName(other);
                if (string.CompareOrdinal(name, mine) >= 0) continue;
                if (!IsDead(other, name)) return false;
            }
            return true;
        }

        private static bool IsDead(string path, string name)
        {
            if (!long.TryParse(name.AsSpan(0, Math.Min(19, name.Length)), out long ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks)
                return true;   // not a ticket: ignore it
            if (DateTime.UtcNow - new DateTime(ticks, DateTimeKind.Utc) < TicketGrace) return false;
            if (TryOpen(path) is not { } probe) return File.Exists(path) is false;   // locked: its waiter lives
            using (probe) TryDelete(path);
            return true;
        }

        public void Dispose()
        {
            // Delete while still holding it, so nobody judges it dead in between; Windows refuses that, so it goes after.
            bool deleted = TryDelete(_path);
            _held.Dispose();
            if (!deleted) TryDelete(_path);
        }

        private static bool TryDelete(string path)
        {
            try { File.Delete(path); return true; }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }
    }
}
