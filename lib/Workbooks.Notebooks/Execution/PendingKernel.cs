using System.ComponentModel;
using Workbooks.Notebooks.Documents;

namespace Workbooks.Notebooks.Execution;

/// <summary>A kernel process that is starting: launched in the notebook's folder and warming up in the
/// background, so a batch can start the next notebook's kernel while the current notebook runs and
/// the next notebook does not wait the whole start-up of a fresh process.</summary>
internal sealed class PendingKernel : IDisposable
{
    private readonly KernelProcess? _process;
    private readonly Task<string?> _warmUp;
    private bool _handedOver;

    private PendingKernel(KernelProcess? process, Task<string?> warmUp)
    {
        _process = process;
        _warmUp = warmUp;
    }

    /// <summary>How long the kernel may take to start (Roslyn's first compilation is the slow part,
    /// tens of seconds on a loaded two-core machine).</summary>
    public static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(180);

    public static PendingKernel Start(KernelLaunch launch, NotebookDocument document)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(document.Path))!;
        try
        {
            var process = KernelProcess.Start(launch, folder);
            return new PendingKernel(process, process.WarmUpAsync(StartupLimit));
        }
        catch (Win32Exception e)
        {
            return new PendingKernel(null, Task.FromResult<string?>($"cannot start '{launch.FileName}': {e.Message}"));
        }
    }

    /// <summary>Waits until the kernel is ready: the process, or null and why it did not start.
    /// The caller owns the returned process.</summary>
    public async Task<(KernelProcess? Process, string? Failure)> ReadyAsync()
    {
        var failure = await _warmUp;
        _handedOver = true;
        if (failure is null) return (_process, null);
        _process?.Dispose();
        return (null, failure);
    }

    /// <summary>Abandons a kernel that will not be used (kills it).</summary>
    public void Dispose()
    {
        if (_process is null || _handedOver) return;
        _process.Kill();
        // The warm-up sees the exit and returns; let it finish before the process object goes away.
        _warmUp.Wait(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
