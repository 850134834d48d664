using System.Diagnostics;

namespace Workbooks.ModelOps.Registry;

/// <summary>
/// The registry's cross-process lock: the file <c>registry.lock</c> opened with <see cref="FileShare.None"/>, which
/// .NET turns into an exclusive <c>flock</c> on Unix and a sharing lock on Windows. The kernel drops it when its
/// holder dies, SIGKILL included, so a crashed process never leaves the registry locked. Every catalog
/// operation holds it, because DuckDB lets only one process at a time open a database file for writing.
/// </summary>
internal sealed class RegistryLock : IDisposable
{
    private readonly FileStream _file;

    private RegistryLock(FileStream file) => _file = file;

    public static RegistryLock Acquire(string path, TimeSpan timeout)
    {
        // DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns FileShare.None into a no-op on Unix: refuse rather than race.
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled
            || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true")
            throw new ModelRegistryException("The model registry needs file locking, which DOTNET_SYSTEM_IO_DISABLEFILELOCKING (System.IO.DisableFileLocking) turns off.");
        var clock = Stopwatch.StartNew();
        int delayMs = 2;
        while (true)
        {
            try
            {
                return new RegistryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (clock.Elapsed < timeout && File.Exists(path))
            {
                // Held by another process (or thread): back off with jitter, so waiting writers do not march in step.
                Thread.Sleep(delayMs + Random.Shared.Next(delayMs));
                delayMs = Math.Min(50, delayMs * 2);
            }
            catch (IOException e) when (clock.Elapsed >= timeout)
            {
                throw new ModelRegistryException($"The model registry is locked by another process: could not take '{path}' within {timeout.TotalSeconds:0.#} s.", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
