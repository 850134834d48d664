using System.Globalization;
using Workbooks.GpuBench;
using Workbooks.ModelOps.Gpu;

// The GPU rows of the training comparison, for the device machine (benchmarks/gpu/run.sh); here, without CUDA,
// "auto" runs the CPU rows alone. Verbs: all | training | trees | mmd.
//   Workbooks.GpuBench all [--rows N] [--epochs N] [--tree-rows N] [--mmd-rows N] [--mmd-dims 8,64] [--permutations N] [--threads N] [--device auto|cpu|gpu|emulated]
var verb = args.Length > 0 ? args[0] : "";
string device = Option("--device", "auto");
int threads = Number("--threads", Environment.ProcessorCount);
GpuDevice? gpu;
try
{
    gpu = device switch
    {
        "cpu" => null,
        "gpu" => GpuDevice.Open(DeviceChoice.Gpu),
        "auto" => GpuDevice.CudaAvailable() ? GpuDevice.Open(DeviceChoice.Gpu) : null,
        "emulated" => GpuDevice.Open(DeviceChoice.CpuAccelerator),   // the GPU rows' code on ILGPU's CPU accelerator: a check, never a speed
        _ => throw new ArgumentException($"--device is auto, cpu, gpu or emulated, not '{device}'."),
    };
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {threads} threads for the CPU path; device: {gpu?.ToString() ?? "none (CPU rows only)"}");
if (verb is not ("all" or "training" or "trees" or "mmd"))
{
    Console.Error.WriteLine("usage: Workbooks.GpuBench all|training|trees|mmd [--rows N] [--epochs N] [--tree-rows N] [--mmd-rows N] [--mmd-dims 8,64] [--permutations N] [--threads N] [--device auto|cpu|gpu|emulated]");
    return 2;
}
if (verb is "all" or "training") TrainingRows.Run(Number("--rows", 1_000_000), Number("--epochs", 3), threads, gpu);
if (verb is "all" or "trees") TreeKernelRows.Run(Number("--tree-rows", 1_000_000), threads, gpu);
if (verb is "all" or "mmd")
    MmdRows.Run(Number("--mmd-rows", 5000), Option("--mmd-dims", "8,64").Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray(), gpu, Number("--permutations", 500));
gpu?.Dispose();
return 0;

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int Number(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
