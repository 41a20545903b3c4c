namespace NnGen;

/// <summary>What a tensor is for: regularization applies to weights only.</summary>
public enum ParameterRole
{
    /// <summary>A weight matrix or kernel.</summary>
    Weight,
    /// <summary>A bias vector.</summary>
    Bias,
    /// <summary>BatchNorm's learned scale γ (not regularized, like a bias).</summary>
    Scale,
    /// <summary>Non-trainable state kept in <see cref="INetwork{T}.Buffers"/>: BatchNorm's running mean and variance.</summary>
    RunningStatistic,
}

/// <summary>
/// One weight or bias tensor inside a network's flat parameter buffer.
/// <see cref="Name"/> is the name the equivalent PyTorch <c>nn.Sequential</c> gives it (<c>0.weight</c>, <c>0.bias</c>, …).
/// </summary>
/// <param name="Name">PyTorch's name for the tensor.</param>
/// <param name="Offset">Index of its first value in the flat buffer.</param>
/// <param name="Shape">Its shape, outermost dimension first (Dense: units, inputs).</param>
/// <param name="Role">Weight or bias.</param>
public sealed record ParameterTensor(string Name, int Offset, IReadOnlyList<int> Shape, ParameterRole Role)
{
    /// <summary>The number of values: the product of <see cref="Shape"/>.</summary>
    public int Length
    {
        get
        {
            var length = 1;
            foreach (var dimension in Shape) length *= dimension;
            return length;
        }
    }
}
