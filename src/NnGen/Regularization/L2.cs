using System.Numerics.Tensors;

namespace NnGen;

/// <summary>
/// L2 (ridge, weight-decay) regularization: the penalty ½λ·Σw² over the weights.
/// </summary>
/// <remarks>
/// Its gradient is λ·w. With plain SGD this is the classic weight decay w ← w − η·(g + λ·w).
/// </remarks>
/// <param name="lambda">λ, ≥ 0.</param>
public sealed class L2(double lambda) : Regularizer(lambda)
{
    /// <inheritdoc/>
    protected override T ApplyToWeights<T>(ReadOnlySpan<T> weights, Span<T> gradients)
    {
        var lambda = T.CreateTruncating(Lambda);

        // ∂(½λw²)/∂w = λ·w
        TensorPrimitives.MultiplyAdd(weights, lambda, gradients, gradients);
        return lambda * TensorPrimitives.SumOfSquares(weights) / T.CreateTruncating(2);
    }
}
