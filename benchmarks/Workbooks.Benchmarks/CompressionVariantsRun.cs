using Workbooks.Walkthroughs;
using Workbooks.ModelOps.Compression;
using Workbooks.ModelOps.Models;
using Workbooks.ModelOps.Onnx;
using Workbooks.ModelOps.Training;

namespace Workbooks.Benchmarks;

/// <summary>
/// The measured variants of the three compression examples (100 trees each), every technique and ONNX, as one
/// markdown table per model: what docs/compression.md quotes. The technique <c>refit-reference</c> (this run's own) adds
/// every tree with its leaves re-fitted: no smaller, it tells how much of a pruned re-fit's change is the re-fit
/// adapting to the fit rows rather than making up for the dropped trees. With <c>--mlp 64,32</c> the examples'
/// training rows train a network with those hidden layers instead, and its dense-layer variants are measured.
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- compression-variants [CALLS] [TECHNIQUES, comma-separated] [--mlp WIDTHS]
/// </summary>
public static class CompressionVariantsRun
{
    public static void Run(int calls, IReadOnlyList<string>? techniques = null, int[]? hidden = null)
    {
        foreach (var name in CompressionExamples.Names)
        {
            var example = CompressionExamples.Load(name, trees: hidden is null ? 100 : 1);   // one tree: only its label and features are used
            var options = new CompressionOptions
            {
                Techniques = techniques ?? ["compile", "prune", "quantize", "distill", "onnx"], Extra = [new OnnxTechnique(), new RefitReference()], LatencyCalls = calls,
            };
            if (hidden is not null)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var mlp = TrainedModel.Train(example.Train, example.Model.Label!, example.Model.Features, new NetworkOptions { Hidden = hidden }, example.Model.Task);
                Console.WriteLine($"\n{name}: trained {mlp.Network!.Shape} in {clock.Elapsed.TotalSeconds:0.0} s");
                example = example with { Model = mlp };
                options = options with { Techniques = techniques ?? ["compile", "prune", "quantize", "lowrank"], Extra = [] };
            }
            Print(name, ModelCompressor.Compress(example.Model, example.HeldOut, options), hidden is null ? "ML.NET" : "network");
        }
    }

    private static void Print(string name, CompressionReport report, string original)
    {
        var o = report.OriginalMeasurement;
        Console.WriteLine($"\n{name}: {report}");
        Console.WriteLine($"| variant | bytes | smaller | p50 µs | p99 µs | rows/s | {report.Metric} | change | accepted |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|:-:|");
        Console.WriteLine($"| original ({original}) | {o.Bytes:N0} | 1.0x | {o.P50Us:0.0} | {o.P99Us:0.0} | {o.RowsPerSecond:N0} | {o.Value:0.####} | | |");
        foreach (var v in report.Variants)
        {
            var m = v.Measurement;
            Console.WriteLine($"| {v.Technique}: {v.Parameters} | {m.Bytes:N0} | {(double)o.Bytes / m.Bytes:0.0}x | {m.P50Us:0.0} | {m.P99Us:0.0} | {m.RowsPerSecond:N0} | {m.Value:0.####} | {v.Delta:+0.####;-0.####;0} | {(v.Accepted ? "yes" : "no")} |");
        }
    }

    private sealed class RefitReference : ICompressionTechnique
    {
        public string Name => "refit-reference";

        public IEnumerable<CompressionCandidate> Apply(CompressionInput input)
        {
            if (CompressionTechniques.KindOf(input.Model) != CompressibleKind.Trees) throw new NotSupportedException("The re-fit reference is for tree ensembles.");
            var compiled = CompiledModel.Compile(input.Model);
            var e = compiled.Ensemble;
            var refit = LeafRefit.Refit(e, input.FitRows(compiled), new RawScoreLoss(e, input.FitLabels()));
            var parameters = $"all {e.Outputs[0].TreeCount} trees + leaf refit";
            return [new CompressionCandidate(Name, parameters, CompressedModel.From(input.Model, refit, Name, parameters))];
        }
    }
}
