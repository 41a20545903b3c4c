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

    /// <summary>Values this layer keeps in the network's non-trainable buffer (BatchNorm's running statistics).</summary>
    public virtual int BufferCount => 0;
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

/// <summary>
/// A convolution over (C, H, W) samples: W (Filters, C, Kernel, Kernel) at <see cref="WeightOffset"/>, a bias per
/// filter at <see cref="BiasOffset"/> (−1 without bias), <see cref="Pad"/> zeros on every side.
/// </summary>
internal sealed record Conv2DPlan(
    int Index, EquatableArray<int> InputShape, EquatableArray<int> OutputShape,
    int Kernel, int Stride, int Pad, int WeightOffset, int BiasOffset, bool HeInit)
    : LayerPlan(Index, InputShape, OutputShape)
{
    public int Channels => InputShape[0];

    public int Filters => OutputShape[0];

    public bool HasBias => BiasOffset >= 0;

    public override string Title => $"Conv2D {Channels}→{Filters}, {Kernel}×{Kernel}" +
        (Stride == 1 ? "" : $", stride {Stride}") + (Pad == 0 ? "" : $", pad {Pad}");

    public override int ParameterCount => Filters * Channels * Kernel * Kernel + (HasBias ? Filters : 0);
}

/// <summary>Max or average pooling over Size × Size windows, Stride apart, per channel.</summary>
internal sealed record PoolPlan(int Index, EquatableArray<int> InputShape, EquatableArray<int> OutputShape, PoolKind Kind, int Size, int Stride)
    : LayerPlan(Index, InputShape, OutputShape)
{
    public override string Title => (Kind == PoolKind.Max ? "MaxPool2D " : "AvgPool2D ") + $"{Size}×{Size}" +
        (Stride == Size ? "" : $", stride {Stride}");
}

/// <summary>
/// Batch normalization per channel (C of a (C, H, W) sample, or each feature of a vector): γ at
/// <see cref="WeightOffset"/>, β at <see cref="BiasOffset"/>, running mean and variance at <see cref="BufferOffset"/>.
/// </summary>
internal sealed record BatchNormPlan(int Index, EquatableArray<int> Shape, int WeightOffset, int BiasOffset, int BufferOffset,
    double Momentum, double Epsilon)
    : LayerPlan(Index, Shape, Shape)
{
    public int Channels => Shape[0];

    /// <summary>Values per channel in one sample: H·W, or 1 for a vector.</summary>
    public int Spatial => Shapes.Length(Shape) / Channels;

    public override string Title => "BatchNorm";

    public override int ParameterCount => 2 * Channels;

    public override int BufferCount => 2 * Channels;
}

/// <summary>Opens a skip connection closed by layer <see cref="EndIndex"/>; passes its input through.</summary>
internal sealed record ResidualPlan(int Index, EquatableArray<int> Shape, int EndIndex) : LayerPlan(Index, Shape, Shape)
{
    public override string Title => $"Residual (to {EndIndex})";
}

/// <summary>Closes the skip connection opened by layer <see cref="StartIndex"/>: y = x + (the block's input).</summary>
internal sealed record EndResidualPlan(int Index, EquatableArray<int> Shape, int StartIndex) : LayerPlan(Index, Shape, Shape)
{
    public override string Title => $"EndResidual (+ input of {StartIndex})";
}
