using System.Globalization;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Workbooks.ModelOps.Gpu;

/// <summary>Which device a run asks for: a CUDA GPU when one is found (else the CPU path), the CPU path, a CUDA GPU
/// (an error without one), or ILGPU's CPU accelerator (the GPU kernels emulated on the CPU: for tests, never for speed).</summary>
public enum DeviceChoice { Auto, Cpu, Gpu, CpuAccelerator }

/// <summary>
/// An ILGPU context and one accelerator (a CUDA GPU or ILGPU's CPU accelerator), with what notebooks and the CLI
/// show about it. CUDA devices are looked up by name, never through ILGPU's "preferred device", which may pick an
/// OpenCL runtime on the processor ahead of a CUDA card. One per process is the intended use: creating it and
/// compiling kernels costs seconds, so kernels built on it are cached by their owners.
/// </summary>
/// <example>
/// <code>
/// using var device = GpuDevice.Open(DeviceChoice.CpuAccelerator);
/// Console.WriteLine(device.IsGpu);
/// // prints: False
/// </code>
/// </example>
public sealed class GpuDevice : IDisposable
{
    private GpuDevice(Context context, Accelerator accelerator) { Context = context; Accelerator = accelerator; }

    public Context Context { get; }
    public Accelerator Accelerator { get; }
    /// <summary>True on real GPU hardware (CUDA); false on ILGPU's CPU accelerator.</summary>
    public bool IsGpu => Accelerator.AcceleratorType == AcceleratorType.Cuda;
    public string Name => Accelerator.Name;
    public long MemoryBytes => Accelerator.MemorySize;

    /// <summary>Whether a CUDA device with a working driver is present (what <see cref="DeviceChoice.Auto"/> checks).</summary>
    public static bool CudaAvailable()
    {
        try
        {
            using var context = Context.Create(b => b.Cuda());
            return context.GetCudaDevices().Count > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or CudaException) { return false; }
    }

    /// <summary>Opens the first CUDA device (<see cref="DeviceChoice.Gpu"/>; an <see cref="InvalidOperationException"/>
    /// without one) or ILGPU's CPU accelerator (<see cref="DeviceChoice.CpuAccelerator"/>).</summary>
    public static GpuDevice Open(DeviceChoice choice)
    {
        if (choice == DeviceChoice.CpuAccelerator)
        {
            var cpu = Context.Create(b => b.CPU().EnableAlgorithms());
            return new GpuDevice(cpu, cpu.CreateCPUAccelerator(0));
        }
        if (choice != DeviceChoice.Gpu) throw new ArgumentException($"A GPU device is opened for {DeviceChoice.Gpu} or {DeviceChoice.CpuAccelerator}, not {choice}.");
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda().EnableAlgorithms());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0) throw new InvalidOperationException("No CUDA device found (no NVIDIA GPU or no driver); use --device cpu.");
            return new GpuDevice(context, devices[0].CreateAccelerator(context));
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or CudaException)
        {
            context?.Dispose();
            throw new InvalidOperationException($"No usable CUDA device: {e.Message}", e);
        }
        catch { context?.Dispose(); throw; }
    }

    /// <summary>One line: the accelerator, its device and memory, e.g. "Cuda NVIDIA H200 (139.8 GiB)".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Accelerator.AcceleratorType} {Name} ({MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {Accelerator.NumMultiprocessors} multiprocessors, warp {Accelerator.WarpSize})");

    public void Dispose() { Accelerator.Dispose(); Context.Dispose(); }
}
