using Workbooks.ModelOps.Compression;

namespace Workbooks.ModelOps.Onnx;

/// <summary>The <c>onnx</c> compression technique: the whole model (feature preparation and trainer) exported with
/// ML.NET's converter and scored by ONNX Runtime, measured beside the other variants. Pass it to
/// <see cref="CompressionOptions.Extra"/>.</summary>
public sealed class OnnxTechnique : ICompressionTechnique
{
    public string Name => "onnx";

    public IEnumerable<CompressionCandidate> Apply(CompressionInput input)
    {
        // ML.NET's converter knows its own predictors only; a network with hidden layers runs as a CustomMapping.
        if (input.Model.Network is not null)
            throw new NotSupportedException($"ML.NET's ONNX converter has no form for a network with hidden layers ('{input.Model.Source}'); its variants are quantize, prune and lowrank.");
        OnnxModel model;
        try { model = OnnxModel.Export(input.Model, input.FitData); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new NotSupportedException($"ML.NET's ONNX converter or ONNX Runtime cannot handle '{input.Model.Source}': {e.Message}", e);
        }
        return [new CompressionCandidate(Name, "ML.NET converter, ONNX Runtime", model, ".onnx")];
    }
}
