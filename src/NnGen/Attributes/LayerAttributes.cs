namespace NnGen;

/// <summary>
/// Marks a <c>partial class</c> as a network and gives the shape of one input sample (a vector, or C, H, W).
/// Layer attributes follow it in source order; the generator emits the network's code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute(params int[] shape) : Attribute
{
    /// <summary>The shape of one sample, outermost dimension first.</summary>
    public int[] Shape { get; } = shape;

    /// <summary>The number type of the generated code: <see cref="Precision.Single"/> (float) unless asked.</summary>
    public Precision Precision { get; set; }
}

/// <summary>A fully connected layer: y = W x + b with W of shape (units, inputs), PyTorch's layout.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute(int units) : Attribute
{
    /// <summary>The number of outputs.</summary>
    public int Units { get; } = units;
}

/// <summary>Applies an activation function to the previous layer's output.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute(Act function) : Attribute
{
    /// <summary>The function applied.</summary>
    public Act Function { get; } = function;

    /// <summary>The slope of <see cref="Act.LeakyReLU"/> for negative inputs.</summary>
    public double Alpha { get; set; } = 0.01;
}

/// <summary>
/// Inverted dropout: in training, zeroes each value with probability <c>rate</c> and scales the rest by
/// 1 / (1 − rate); in inference it passes values through unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute(double rate) : Attribute
{
    /// <summary>The probability of dropping a value, in [0, 1).</summary>
    public double Rate { get; } = rate;
}

/// <summary>
/// A 2-D convolution (PyTorch's cross-correlation) over (C, H, W) samples: <c>filters</c> kernels of
/// C × kernel × kernel weights, layout (filters, C, kernel, kernel), plus a bias per filter.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute(int filters, int kernel) : Attribute
{
    /// <summary>The number of output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>The kernel's height and width.</summary>
    public int Kernel { get; } = kernel;

    /// <summary>The step between neighbouring kernel positions, 1 unless set.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero padding: <see cref="Padding.Valid"/> unless set.</summary>
    public Padding Padding { get; set; }

    /// <summary>Whether each filter adds a learned bias (true unless set).</summary>
    public bool Bias { get; set; } = true;
}

/// <summary>The maximum over each size × size window of each channel; the stride is the size unless set.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPool2DAttribute(int size) : Attribute
{
    /// <summary>The window's height and width.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>The mean over each size × size window of each channel; the stride is the size unless set.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AvgPool2DAttribute(int size) : Attribute
{
    /// <summary>The window's height and width.</summary>
    public int Size { get; } = size;

    /// <summary>The step between windows; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
}

/// <summary>
/// Batch normalization per channel (per feature after Dense): in training, normalizes with the batch's mean and
/// variance and updates running estimates; in inference, uses the running estimates. Then y = γ x̂ + β, learned.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>The weight of the newest batch in the running estimates (PyTorch's momentum, 0.1).</summary>
    public double Momentum { get; set; } = 0.1;

    /// <summary>Added to the variance before the square root (1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;
}

/// <summary>Opens a skip connection: the input of the block up to the matching [EndResidual] is added to its output.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ResidualAttribute : Attribute;

/// <summary>Closes the innermost open [Residual]: adds the block's input to its output; the shapes must match.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EndResidualAttribute : Attribute;

/// <summary>Flattens a (C, H, W) sample into a vector of C·H·W values, in that order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute;

/// <summary>The loss the network is trained on; the last attribute of the stack. Without it, MeanSquaredError.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LossAttribute(LossKind kind) : Attribute
{
    /// <summary>The loss.</summary>
    public LossKind Kind { get; } = kind;
}
