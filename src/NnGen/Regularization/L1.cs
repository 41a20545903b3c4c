namespace NnGen;

/// <summary>
/// L1 (lasso) regularization: the penalty λ·Σ|w| over the weights, which drives small weights to exactly zero.
/// </summary>
/// <remarks>
/// Its gradient is λ·sign(w), with sign(0) = 0 (the subgradient PyTorch's <c>torch.sign</c> gives).
/// </remarks>
/// <param name="lambda">λ, ≥ 0.</param>
public sealed class L1(double lambda) : Regularizer(lambda)
{
    /// <inheritdoc/>
    protected override T ApplyToWeights<T>(ReadOnlySpan<T> weights, Span<T> gradients)
    {
        var lambda = T.CreateTruncating(Lambda);
        var sum = T.Zero;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            sum += T.Abs(w);

            // ∂(λ|w|)/∂w = λ·sign(w)
            if (w > T.Zero) gradients[i] += lambda;
            else if (w < T.Zero) gradients[i] -= lambda;
        }

        return lambda * sum;
    }
}
