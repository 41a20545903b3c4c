namespace NnGen.Generators.Emitting;

/// <summary>Runtime types and members the emitted code refers to, fully qualified.</summary>
internal static class Names
{
    public const string Span = "global::System.Span";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan";
    public const string Tensors = "global::System.Numerics.Tensors.TensorPrimitives";
    public const string INetwork = "global::NnGen.INetwork";
    public const string LossKind = "global::NnGen.LossKind";
    public const string ParameterTensor = "global::NnGen.ParameterTensor";
    public const string ParameterRole = "global::NnGen.ParameterRole";
    public const string Rng = "global::NnGen.Rng";
    public const string Initializers = "global::NnGen.Initializers";
    public const string Guard = "global::NnGen.Guard";
    public const string Gemm = "global::NnGen.Gemm";
    public const string ColumnSums = "global::NnGen.ColumnSums";
    public const string AlignedBuffer = "global::NnGen.AlignedBuffer";
    public const string Pooling = "global::NnGen.Pooling";
    public const string Patches = "global::NnGen.Patches";
    public const string SameConvolution = "global::NnGen.SameConvolution";
    public const string Normalization = "global::NnGen.Normalization";
    public const string Workers = "global::NnGen.Workers";
    public const string Activations = "global::NnGen.Activations";
    public const string LayerDescription = "global::NnGen.LayerDescription";
    public const string LayerKind = "global::NnGen.LayerKind";
    public const string Act = "global::NnGen.Act";
    public const string ThreadStatic = "global::System.ThreadStaticAttribute";
    public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
}
