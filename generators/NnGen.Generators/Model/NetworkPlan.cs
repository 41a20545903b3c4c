using System.Linq;
using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>
/// A network after Plan: every tensor's shape, every parameter's offset in the flat buffer, and every diagnostic.
/// Emitters print it and decide nothing; a plan with errors is never emitted.
/// </summary>
/// <param name="FusedLoss">The loss is fused with the last layer (Softmax + CrossEntropy, Sigmoid + BCE): the
/// gradient at that layer's input is p − t, and the last layer's own backward step is skipped.</param>
internal sealed record NetworkPlan(
    string? Namespace,
    EquatableArray<TypeDeclarationInfo> ContainingTypes,
    string ClassName,
    string HintName,
    Precision Precision,
    EquatableArray<int> InputShape,
    EquatableArray<LayerPlan> Layers,
    LossKind Loss,
    bool FusedLoss,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public int InputLength => Shapes.Length(InputShape);

    public EquatableArray<int> OutputShape => Layers.Count == 0 ? InputShape : Layers[Layers.Count - 1].OutputShape;

    public int OutputLength => Shapes.Length(OutputShape);

    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

    public int BufferCount => Layers.Sum(l => l.BufferCount);

    public bool UsesDropout => Layers.Any(l => l is DropoutPlan);
}
