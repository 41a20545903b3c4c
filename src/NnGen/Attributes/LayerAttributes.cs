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
