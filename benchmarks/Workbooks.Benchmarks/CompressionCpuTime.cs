using System.Diagnostics;
using Workbooks.ModelOps.Compression;
using Workbooks.Walkthroughs;
using Workbooks.ModelOps.Onnx;

namespace Workbooks.Benchmarks;

/// <summary>
/// Process CPU time per single-row prediction of the three compression examples, which the shared machine's load
/// distorts less than BenchmarkDotNet's wall-clock means: ML.NET's row mapper, the compiled ensemble behind ML.NET's
/// feature preparation, the same behind the compiled preparation, the compiled ensemble on prepared vectors (QuickScorer,
/// then the four-trees-at-once walk), and the plain one-tree-at-a-time walk of the same
/// arrays (what ML.NET's own trees do), and ONNX Runtime on ML.NET's ONNX export; and ML.NET's PredictionEngine in CPU
/// and in wall time. CPU time includes ML.NET's worker threads: its multiclass scorer runs a Parallel.For over the
/// classes, so INSECTS' PredictionEngine takes about twice its wall time in CPU time on two cores.
/// dotnet run -c Release --project benchmarks/Workbooks.Benchmarks -- compression-cpu [ROWS]
/// </summary>
public static class CompressionCpuTime
{
    public static void Run(int calls)
    {
        Console.WriteLine($"| model | trees | mean depth | PredictionEngine, CPU / wall | ML.NET row mapper | ML.NET preparation + compiled | compiled preparation + compiled | QuickScorer, prepared | interleaved, prepared | plain walk, prepared | ONNX Runtime | preparation alone, ML.NET / compiled | compiled preparation + compiled against PredictionEngine, CPU / wall |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in CompressionExamples.Names)
        {
            var example = CompressionExamples.Load(name);
            var compiled = CompiledModel.Compile(example.Model);
            var mlnet = example.Model.CreatePredictor(example.HeldOut);
            var mlnetPrep = compiled.CreatePredictor(example.HeldOut, compiledPreparation: false);
            var fast = compiled.CreatePredictor(example.HeldOut);
            if (compiled.CompiledPreparation is null) Console.WriteLine($"{name}: the feature preparation did not compile; both columns use ML.NET's");
            var ensemble = compiled.Ensemble;
            int rows = example.HeldOut.RowCount, f = ensemble.FeatureCount;
            var prepared = compiled.Prepare(example.HeldOut).ReadAll();
            var scores = new float[ensemble.ScoreCount];
            double sink = 0;
            var engine = PredictionEngineBaseline.For(example);
            double engineCpu = Time(calls, i => sink += engine.Predict(i % rows));
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++) sink += engine.Predict(i % rows);
            double engineWall = clock.Elapsed.TotalNanoseconds / calls;
            double ml = Time(calls, i => sink += mlnet(i % rows).Score);
            double withMlPrep = Time(calls, i => sink += mlnetPrep(i % rows).Score);
            double withPrep = Time(calls, i => sink += fast(i % rows).Score);
            var interleaved = ensemble.With(TreeTraversal.Interleaved);
            double quick = Time(calls, i => { ensemble.Score(prepared.AsSpan(i % rows * f, f), scores); sink += scores[0]; });
            double flat = Time(calls, i => { interleaved.Score(prepared.AsSpan(i % rows * f, f), scores); sink += scores[0]; });
            var mlnetReader = compiled.Prepare(example.HeldOut, compiled: false);
            var compiledReader = compiled.Prepare(example.HeldOut);
            var vector = new float[f];
            double prepMl = Time(calls, i => { mlnetReader.Read(i % rows, vector); sink += vector[0]; });
            double prepCompiled = Time(calls, i => { compiledReader.Read(i % rows, vector); sink += vector[0]; });
            double plain = Time(calls, i => { foreach (var o in ensemble.Outputs) sink += o.Output(prepared.AsSpan(i % rows * f, f)); });
            using var onnx = OnnxModel.Export(example.Model, example.Train);
            double onnxNs = Time(calls / 10, i => sink += onnx.Predict(example.HeldOut, i % rows).Score);
            double depth = ensemble.Outputs.Average(o => o.Roots.Average(r => Depth(o, r)));
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {ensemble.TreeCount} | {depth:0.0} | {engineCpu:0} / {engineWall:0} ns | {ml:0} ns | {withMlPrep:0} ns | {withPrep:0} ns | {quick:0} ns ({ensemble.Traversal}) | {flat:0} ns | {plain:0} ns | {onnxNs:0} ns | {prepMl:0} / {prepCompiled:0} ns | {engineCpu / withPrep:0.0}x / {engineWall / withPrep:0.0}x |"));
            GC.KeepAlive(sink);
        }
    }

    private static int Depth(TreeEnsembleArrays trees, int node) =>
        node < 0 ? 0 : 1 + Math.Max(Depth(trees, trees.Left[node]), Depth(trees, trees.Right[node]));

    // CPU nanoseconds per call, after a warm-up of a tenth of the calls.
    private static double Time(int calls, Action<int> call)
    {
        for (int i = 0; i < calls / 10; i++) call(i);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        for (int i = 0; i < calls; i++) call(i);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalNanoseconds / calls;
    }
}
