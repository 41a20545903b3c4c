using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>
/// One layer after shape inference. <see cref="Index"/> is its position after [Input], as in the equivalent
/// PyTorch nn.Sequential (so its tensors are named <c>{Index}.weight</c>, <c>{Index}.bias</c>).
/// </summary>
internal abstract record LayerPlan(int Index, EquatableArray<int> InputShape, EquatableArray<int> OutputShape)
{
    public int InputLength => Shapes.Length(InputShape);

    public int OutputLength => Shapes.Length(OutputShape);

    /// <summary>The layer as the summary table and the comments show it, e.g. <c>Dense 784→128</c>.</summary>
    public abstract string Title { get; }

    public virtual int ParameterCount => 0;
}

/// <summary>y = W x + b with W (Units, Inputs) at <see cref="WeightOffset"/> and b at <see cref="BiasOffset"/>.</summary>
/// <param name="HeInit">He initialization (the layer feeds a ReLU-family activation); Glorot otherwise.</param>
/// <param name="Unrolled">Small enough to emit as straight-line code rather than loops.</param>
internal sealed record DensePlan(
    int Index, EquatableArray<int> InputShape, EquatableArray<int> OutputShape,
    int WeightOffset, int BiasOffset, bool HeInit, bool Unrolled)
    : LayerPlan(Index, InputShape, OutputShape)
{
    public int Inputs => InputLength;

    public int Units => OutputLength;

    public override string Title => $"Dense {Inputs}→{Units}";

    public override int ParameterCount => Units * Inputs + Units;
}

/// <summary>An element-wise activation (Softmax: over each sample's vector).</summary>
internal sealed record ActivationPlan(int Index, EquatableArray<int> Shape, Act Function, double Alpha)
    : LayerPlan(Index, Shape, Shape)
{
    public override string Title => Function == Act.LeakyReLU ? $"LeakyReLU(α={Shapes.Number(Alpha)})" : Function.ToString();
}

/// <summary>Inverted dropout with the given rate; the identity in inference.</summary>
internal sealed record DropoutPlan(int Index, EquatableArray<int> Shape, double Rate) : LayerPlan(Index, Shape, Shape)
{
    public override string Title => $"Dropout({Shapes.Number(Rate)})";
}

/// <summary>A (C, H, W) sample read as a vector; no data moves.</summary>
internal sealed record FlattenPlan(int Index, EquatableArray<int> InputShape, EquatableArray<int> OutputShape)
    : LayerPlan(Index, InputShape, OutputShape)
{
    public override string Title => "Flatten";
}
