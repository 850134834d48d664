using System.Globalization;
using Workbooks.ModelOps.Data;
using Workbooks.ModelOps.Models;

namespace Workbooks.ModelOps.Compression;

/// <summary>What a technique works from: the model, rows to fit on (distillation, calibration, tree contributions,
/// leaf re-fits; never the rows the variants are measured on), their label column (default: the model's) and a seed.</summary>
public sealed class CompressionInput(TrainedModel model, Table fitData, int seed, string? label = null)
{
    private float[]? _fitRows;
    private double[]? _fitLabels;

    public TrainedModel Model { get; } = model;
    public Table FitData { get; } = fitData;
    public int Seed { get; } = seed;
    public string? Label { get; } = label ?? model.Label;

    /// <summary>The fit rows' prepared feature vectors, row-major (computed once).</summary>
    public float[] FitRows(CompressedModel anyVariant) => _fitRows ??= anyVariant.Prepare(FitData).ReadAll();

    /// <summary>The fit rows' labels as <see cref="RawScoreLoss"/> reads them (computed once); no label column is an
    /// <see cref="ArgumentException"/> naming the table.</summary>
    public double[] FitLabels() => _fitLabels ??= RawScoreLoss.Labels(FitData,
        Label ?? throw new ArgumentException($"The model '{Model.Source}' does not name its label column; the leaf re-fit needs one."), Model.Task, Model.Classes);
}

/// <summary>One variant a technique made, before it is measured: the technique's name, its settings in words, the
/// model, and the file name extension its <see cref="IPredictiveModel.Save"/> writes (".zip", ".onnx").</summary>
public sealed record CompressionCandidate(string Technique, string Parameters, IPredictiveModel Model, string Extension = ".zip");

/// <summary>A way to make smaller or faster variants of a model. One that does not apply to the model's kind throws
/// <see cref="NotSupportedException"/> saying why (the variant is then reported as skipped).</summary>
public interface ICompressionTechnique
{
    /// <summary>The name users pick it by (compile, prune, quantize, distill, lowrank, onnx).</summary>
    string Name { get; }
    IEnumerable<CompressionCandidate> Apply(CompressionInput input);
}

/// <summary>What a model is to compression (<see cref="CompressionTechniques.KindOf"/>).</summary>
public enum CompressibleKind
{
    /// <summary>A FastTree or LightGBM ensemble.</summary>
    Trees,
    /// <summary>An SDCA, logistic-regression or maximum-entropy linear model (one dense layer).</summary>
    Linear,
    /// <summary>A feed-forward network with hidden layers (<see cref="Training.TrainedNetwork"/>).</summary>
    Network,
}

/// <summary>
/// The built-in techniques, for tree ensembles (FastTree, LightGBM), linear models and networks with hidden layers
/// (each dense layer of the network treated as a linear model's weights are):
/// <list type="bullet">
/// <item><c>compile</c>: the trees as flat arrays (<see cref="CompiledEnsemble"/>), the linear weights as one float layer,
/// or the network's float layers (<see cref="NetworkScorer"/>).</item>
/// <item><c>prune</c>: the first half and quarter of the trees and the quarter with the largest contribution; the first
/// quarter with its leaves re-fitted on the fit rows (<see cref="LeafRefit"/>); every tree, and the first quarter,
/// collapsed to 2/5 of its leaves (<see cref="LeafMerging"/>) and re-fitted; for a linear model or every layer of a
/// network, magnitude pruning at 50, 75 and 90% sparsity.</item>
/// <item><c>quantize</c>: thresholds to per-feature bins with 16-bit float or 8-bit leaves (<see cref="QuantizedEnsemble"/>);
/// for a linear model or every layer of a network, 8-bit weights per output with 8-bit inputs calibrated on the fit
/// rows (a network's layer on the inputs the float network gives it there).</item>
/// <item><c>distill</c>: a 20-tree, 8-leaf student per output and a 10-tree, 4-leaf one (<see cref="Distillation"/>),
/// and a linear one (<see cref="LinearStudent"/>).</item>
/// <item><c>lowrank</c>: a multiclass linear model's weight matrix at ranks from half the classes down to 1, or every network
/// layer of at least 4×4 at half and a quarter of its full rank (truncated SVD).</item>
/// </list>
/// </summary>
public static class CompressionTechniques
{
    public static IReadOnlyList<string> Names { get; } = ["compile", "prune", "quantize", "distill", "lowrank"];

    /// <summary>The built-in technique called <paramref name="name"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static ICompressionTechnique Get(string name) => name switch
    {
        "compile" => new Technique(name, Compile),
        "prune" => new Technique(name, Prune),
        "quantize" => new Technique(name, Quantize),
        "distill" => new Technique(name, Distill),
        "lowrank" => new Technique(name, LowRank),
        _ => throw new ArgumentException($"No compression technique '{name}'; the techniques are {string.Join(", ", Names)}."),
    };

    /// <summary>What <paramref name="model"/> is to compression; a model that is none of them is a
    /// <see cref="NotSupportedException"/> naming the model and what it holds.</summary>
    public static CompressibleKind KindOf(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Network is not null) return CompressibleKind.Network;
        try { TreeModelReader.Compile(model); return CompressibleKind.Trees; }
        catch (NotSupportedException trees)
        {
            try { LinearScorer.FromModel(model); return CompressibleKind.Linear; }
            catch (NotSupportedException) { throw new NotSupportedException($"{trees.Message} Linear models (SDCA, logistic regression, maximum entropy) and networks compress too; this one is neither."); }
        }
    }

    private static bool IsTreeModel(TrainedModel model) => KindOf(model) == CompressibleKind.Trees;

    // A network model's float layers, which the network techniques replace layer by layer.
    private static NetworkScorer FloatNetwork(CompressionInput input) => NetworkScorer.FromNetwork(input.Model.Task, input.Model.Network!);

    private sealed class Technique(string name, Func<CompressionInput, IEnumerable<CompressionCandidate>> apply) : ICompressionTechnique
    {
        public string Name => name;
        public IEnumerable<CompressionCandidate> Apply(CompressionInput input) => apply(input).ToList();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static CompressionCandidate Variant(CompressionInput input, IPreparedScorer scorer, string technique, string parameters) =>
        new(technique, parameters, CompressedModel.From(input.Model, scorer, technique, parameters));

    private static IEnumerable<CompressionCandidate> Compile(CompressionInput input)
    {
        var kind = KindOf(input.Model);
        if (kind == CompressibleKind.Trees) yield return Variant(input, TreeModelReader.Compile(input.Model).Ensemble, "compile", "flat arrays");
        else if (kind == CompressibleKind.Network) yield return Variant(input, FloatNetwork(input), "compile", "float layers");
        else yield return Variant(input, LinearScorer.FromModel(input.Model), "compile", "float weights");
    }

    private static IEnumerable<CompressionCandidate> Prune(CompressionInput input)
    {
        if (input.Model.Network is not null)
        {
            var network = FloatNetwork(input);
            foreach (var sparsity in new[] { 0.5, 0.75, 0.9 })
                yield return Variant(input, network.With((_, l) => SparseWeights.Prune(l.Outputs, l.Inputs, l.Weights, sparsity)), "prune",
                    Invariant($"magnitude sparsity={sparsity:0.##} in each of {network.Layers.Count} layers"));
            yield break;
        }
        if (!IsTreeModel(input.Model))
        {
            var linear = LinearScorer.FromModel(input.Model);
            var w = ((DenseWeights)linear.Weights).Values;
            foreach (var sparsity in new[] { 0.5, 0.75, 0.9 })
                yield return Variant(input, linear.With(SparseWeights.Prune(linear.Weights.Outputs, linear.Weights.Inputs, w, sparsity)), "prune",
                    Invariant($"magnitude sparsity={sparsity:0.##}"));
            yield break;
        }
        var compiled = CompiledModel.Compile(input.Model);
        var e = compiled.Ensemble;
        int trees = e.Outputs[0].TreeCount;
        foreach (int k in new[] { trees / 2, trees / 4 }.Where(k => k >= 1).Distinct())
            yield return Variant(input, TreePruning.FirstTrees(e, k), "prune", Invariant($"first {k} of {trees} trees"));
        if (trees / 4 >= 1)
            yield return Variant(input, TreePruning.ByContribution(e, trees / 4, input.FitRows(compiled)), "prune", Invariant($"top {trees / 4} of {trees} trees by contribution"));
        // The re-fits: the kept trees' leaves answer for the dropped tail (and, collapsed, for the merged splits).
        var rows = input.FitRows(compiled);
        var loss = new RawScoreLoss(e, input.FitLabels());
        int quarter = Math.Max(1, trees / 4);
        int leaves = e.Outputs.Max(o => Enumerable.Range(0, o.TreeCount).Max(t => LeafMerging.LeafCount(o, t)));
        int budget = Math.Max(2, leaves * 2 / 5);
        yield return Variant(input, LeafRefit.Refit(TreePruning.FirstTrees(e, quarter), rows, loss), "prune", Invariant($"first {quarter} of {trees} trees + leaf refit"));
        if (budget < leaves)
        {
            yield return Variant(input, LeafRefit.Refit(LeafMerging.Collapse(e, budget, rows), rows, loss), "prune",
                Invariant($"{trees} trees at {budget} of {leaves} leaves + leaf refit"));
            yield return Variant(input, LeafRefit.Refit(LeafMerging.Collapse(TreePruning.FirstTrees(e, quarter), budget, rows), rows, loss), "prune",
                Invariant($"first {quarter} of {trees} trees at {budget} of {leaves} leaves + leaf refit"));
        }
    }

    private static IEnumerable<CompressionCandidate> Quantize(CompressionInput input)
    {
        if (input.Model.Network is not null)
        {
            var network = FloatNetwork(input);
            var inputs = network.LayerInputs(input.FitRows(CompressedModel.From(input.Model, network, "compile", "")));
            yield return Variant(input, network.With((i, l) => Int8Weights.Quantize(l.Outputs, l.Inputs, l.Weights, inputs[i])),
                "quantize", Invariant($"int8 weights per output, int8 inputs calibrated, each of {network.Layers.Count} layers"));
            yield break;
        }
        if (!IsTreeModel(input.Model))
        {
            var linear = LinearScorer.FromModel(input.Model);
            var calibration = input.FitRows(CompressedModel.From(input.Model, linear, "compile", ""));
            yield return Variant(input, linear.With(Int8Weights.Quantize(linear.Weights.Outputs, linear.Weights.Inputs, ((DenseWeights)linear.Weights).Values, calibration)),
                "quantize", "int8 weights per output, int8 inputs calibrated");
            yield break;
        }
        var e = TreeModelReader.Compile(input.Model).Ensemble;
        foreach (var leaves in new[] { LeafPrecision.Half, LeafPrecision.Int8 })
        {
            var q = QuantizedEnsemble.From(e, leaves);
            yield return Variant(input, q, "quantize", Invariant($"{q.BinBits}-bit bins, {(leaves == LeafPrecision.Half ? "fp16" : "int8")} leaves"));
        }
    }

    private static IEnumerable<CompressionCandidate> Distill(CompressionInput input)
    {
        var kind = KindOf(input.Model);
        if (kind == CompressibleKind.Linear) throw new NotSupportedException("Distillation makes a smaller tree ensemble; a linear model is already smaller than any student.");
        if (kind == CompressibleKind.Network) throw new NotSupportedException("Distillation makes a tree ensemble student of a tree ensemble; a network's techniques are quantize, prune and lowrank.");
        var compiled = CompiledModel.Compile(input.Model);
        var rows = input.FitRows(compiled);
        foreach (var (trees, leaves) in new[] { (20, 8), (10, 4) })
        {
            var student = Distillation.Distill(compiled.Ensemble, rows, new DistillationOptions { Trees = trees, Leaves = leaves, Seed = input.Seed });
            yield return Variant(input, student, "distill", Invariant($"student {trees} trees x {leaves} leaves, {rows.Length / compiled.Ensemble.FeatureCount} rows + 2 perturbed copies"));
        }
        yield return Variant(input, LinearStudent.Distill(compiled.Ensemble, rows, new DistillationOptions { Seed = input.Seed }), "distill",
            Invariant($"linear student (ridge), {rows.Length / compiled.Ensemble.FeatureCount} rows + 2 perturbed copies"));
    }

    private static IEnumerable<CompressionCandidate> LowRank(CompressionInput input)
    {
        if (IsTreeModel(input.Model)) throw new NotSupportedException("Low-rank factorisation applies to weight matrices (linear models, dense layers), not to trees.");
        if (input.Model.Network is not null)
        {
            var network = FloatNetwork(input);
            if (!network.Layers.Any(l => Math.Min(l.Weights.Outputs, l.Weights.Inputs) >= 4))
                throw new NotSupportedException("Every layer of the network is narrower than 4; low rank needs a layer of at least 4×4.");
            foreach (int part in new[] { 2, 4 })
                yield return Variant(input, network.With((_, l) => Math.Min(l.Outputs, l.Inputs) is var full and >= 4 ? LowRankWeights.Factorize(l.Outputs, l.Inputs, l.Weights, full / part) : null),
                    "lowrank", Invariant($"rank 1/{part} of each layer of at least 4×4 ({string.Join(", ", network.Layers.Select(l => Math.Min(l.Weights.Outputs, l.Weights.Inputs) is var f and >= 4 ? $"{f / part} of {f}" : "kept"))})"));
            yield break;
        }
        var linear = LinearScorer.FromModel(input.Model);
        var (o, i) = (linear.Weights.Outputs, linear.Weights.Inputs);
        if (Math.Min(o, i) < 2) throw new NotSupportedException($"A {o}×{i} weight matrix has rank 1 already; low rank needs a multiclass linear model.");
        var w = ((DenseWeights)linear.Weights).Values;
        foreach (int rank in new[] { Math.Min(o, i) / 2, 1 }.Where(r => r >= 1).Distinct())
            yield return Variant(input, linear.With(LowRankWeights.Factorize(o, i, w, rank)), "lowrank", Invariant($"rank {rank} of {Math.Min(o, i)}"));
    }
}
