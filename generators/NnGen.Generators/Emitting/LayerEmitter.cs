using System.Collections.Generic;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Prints one layer: its forward and backward methods, and the calls the network's passes make to them.
/// Layer i reads x{i} and writes x{i+1}; its backward reads g{i+1} = ∂L/∂x{i+1} and writes g{i} = ∂L/∂x{i}.
/// </summary>
internal abstract class LayerEmitter(LayerPlan layer, NumberType number)
{
    protected NumberType T { get; } = number;

    public LayerPlan Layer { get; } = layer;

    public int Index => Layer.Index;

    /// <summary>The layer's name in method names, e.g. <c>Dense</c> or <c>Tanh</c>.</summary>
    protected abstract string Name { get; }

    protected virtual string ForwardMethod => $"{Name}{Index}Forward";

    protected virtual string BackwardMethod => $"{Name}{Index}Backward";

    /// <summary>One sentence with the shapes, opening every block this layer emits.</summary>
    protected string Header =>
        $"// Layer {Index}: {Layer.Title}, x {Shapes.FormatBatch(Layer.InputShape)} → y {Shapes.FormatBatch(Layer.OutputShape)}";

    public virtual bool HasParameters => false;

    /// <summary>The layer's <c>LayerKind</c> member.</summary>
    protected abstract string Kind { get; }

    /// <summary>The kind-specific properties of the layer's description, as object-initializer assignments.</summary>
    protected virtual string DescriptionProperties => "";

    /// <summary>The expression that builds the layer's <c>LayerDescription</c>.</summary>
    public string Description =>
        $"new {Names.LayerDescription}({Index}, {Names.LayerKind}.{Kind}, new int[] {{ {string.Join(", ", Layer.InputShape)} }}, new int[] {{ {string.Join(", ", Layer.OutputShape)} }})" +
        (DescriptionProperties.Length == 0 ? "" : $" {{ {DescriptionProperties} }}");

    /// <summary>Whether the output is the input itself in this mode (no buffer, no data moves).</summary>
    public virtual bool ForwardPassesThrough(bool training) => false;

    /// <summary>Whether the gradient at the input is the gradient at the output itself.</summary>
    public virtual bool BackwardPassesThrough => ForwardPassesThrough(training: true);

    /// <summary>Training buffers besides the output, as (field, values per sample).</summary>
    public virtual IEnumerable<(string Field, int PerSample)> TrainingBuffers => [];

    /// <summary>
    /// Values of working memory the layer needs whatever the batch size (im2col columns, batch statistics); passed
    /// as the last argument of its forward and backward methods. In training it lives in a field of its own, so
    /// what the forward pass leaves there is still there for the backward pass.
    /// </summary>
    public virtual int WorkspaceLength => 0;

    /// <summary>The layer's tensors in the parameter buffer: (constant name, offset, PyTorch name, shape, role).</summary>
    public virtual IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> Tensors => [];

    /// <summary>The layer's tensors in the non-trainable buffer, likewise.</summary>
    public virtual IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> BufferTensors => [];

    /// <summary>Statements of the constructor that initialize the layer's parameters from <c>rng</c>.</summary>
    public virtual void EmitInitialization(IndentedWriter writer)
    {
    }

    /// <summary>Whether the layer prints methods of its own (one-line layers are written inline in the passes).</summary>
    public virtual bool HasMethods => !ForwardPassesThrough(training: true);

    /// <summary>Prints the forward method and, unless a fused loss replaces it, the backward one.</summary>
    public abstract void EmitMethods(IndentedWriter writer, bool backward);

    /// <summary>The statement that runs the layer on n samples from <paramref name="x"/> into <paramref name="y"/>; never called for a layer that passes through.</summary>
    public virtual string Forward(string x, string y, string work, bool training) => ForwardCall(ForwardMethod, x, y, work);

    /// <summary>The statement that runs <paramref name="method"/>, a forward method of this layer, on n samples.</summary>
    protected string ForwardCall(string method, string x, string y, string work) => SpreadsSamples
        ? $"{Names.Workers}.Rows<{T.Name}>(n, {Layer.InputLength}, {Layer.OutputLength}, {x}, {y}, {method});"
        : $"{method}(n, {x}, {y}{WorkArgument(work)});";

    /// <summary>
    /// Whether each sample's output depends on that sample alone, in both passes, and the methods are static: then
    /// the passes run on runs of samples spread over the worker threads.
    /// </summary>
    protected virtual bool SamplesIndependent => false;

    /// <summary>Whether the passes go through Workers.Rows: samples independent, and long enough to be worth a thread.</summary>
    private bool SpreadsSamples => SamplesIndependent && Layer.InputLength + Layer.OutputLength >= 256;

    /// <summary>The statement that writes <paramref name="gx"/> from <paramref name="gy"/> and adds to the parameter gradients.</summary>
    public virtual string Backward(string x, string y, string gy, string gx, string work) => SpreadsSamples
        ? $"{Names.Workers}.Rows<{T.Name}>(n, {Layer.InputLength}, {Layer.OutputLength}, {x}, {y}, {gy}, {gx}, {BackwardMethod});"
        : $"{BackwardMethod}(n, {x}, {y}, {gy}, {gx}{WorkArgument(work)});";

    protected string WorkArgument(string work) => WorkspaceLength > 0 ? ", " + work : "";

    /// <summary>A TensorPrimitives method with the type argument spelled out, so spans convert for float and double alike.</summary>
    protected string Primitive(string method) => $"{Names.Tensors}.{method}<{T.Name}>";

    protected string Span => $"{Names.Span}<{T.Name}>";

    protected string ReadOnlySpan => $"{Names.ReadOnlySpan}<{T.Name}>";

    /// <summary>The parameters every backward method takes, in llm.c's order.</summary>
    protected string BackwardParameters => $"int n, {ReadOnlySpan} x, {ReadOnlySpan} y, {ReadOnlySpan} gy, {Span} gx";
}
