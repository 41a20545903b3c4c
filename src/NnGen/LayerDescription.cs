namespace NnGen;

/// <summary>The kinds of layer a network can hold.</summary>
public enum LayerKind
{
    /// <summary>y = W x + b.</summary>
    Dense,
    /// <summary>A 2-D convolution (cross-correlation) with optional bias.</summary>
    Conv2D,
    /// <summary>The maximum of each window.</summary>
    MaxPool2D,
    /// <summary>The mean of each window.</summary>
    AvgPool2D,
    /// <summary>Batch normalization per channel.</summary>
    BatchNorm,
    /// <summary>An element-wise activation, or Softmax.</summary>
    Activation,
    /// <summary>Inverted dropout (the identity in inference).</summary>
    Dropout,
    /// <summary>A (C, H, W) sample read as a vector.</summary>
    Flatten,
    /// <summary>Opens a skip connection; passes its input through.</summary>
    Residual,
    /// <summary>Closes a skip connection: adds the block's input.</summary>
    EndResidual,
}

/// <summary>
/// One layer of a generated network as plain data, for tools that need the architecture at run time (exporters,
/// checkpoints, summaries). Only the properties of the layer's kind are set; the others keep their defaults.
/// </summary>
/// <param name="Index">The layer's position after [Input], as PyTorch's nn.Sequential counts it.</param>
/// <param name="Kind">What the layer computes.</param>
/// <param name="InputShape">One input sample's shape.</param>
/// <param name="OutputShape">One output sample's shape.</param>
public sealed record LayerDescription(int Index, LayerKind Kind, IReadOnlyList<int> InputShape, IReadOnlyList<int> OutputShape)
{
    /// <summary>Activation: the function.</summary>
    public Act Activation { get; init; }

    /// <summary>Activation LeakyReLU: the slope for negative inputs.</summary>
    public double Alpha { get; init; }

    /// <summary>Conv2D and the poolings: the kernel or window size.</summary>
    public int Kernel { get; init; }

    /// <summary>Conv2D and the poolings: the stride.</summary>
    public int Stride { get; init; }

    /// <summary>Conv2D: the zeros added on every side.</summary>
    public int Pad { get; init; }

    /// <summary>Dense and Conv2D: whether a bias is added (BatchNorm: its β).</summary>
    public bool Bias { get; init; }

    /// <summary>Dropout: the probability of dropping a value.</summary>
    public double Rate { get; init; }

    /// <summary>BatchNorm: the running estimates' momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>BatchNorm: ε, added to the variance.</summary>
    public double Epsilon { get; init; }

    /// <summary>Residual: the index of its EndResidual; EndResidual: the index of its Residual.</summary>
    public int Partner { get; init; } = -1;
}
