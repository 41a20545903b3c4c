namespace NnGen;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019), as PyTorch's <c>torch.optim.AdamW</c>: <see cref="Adam"/> with the weight
/// decay decoupled from the gradient.
/// </summary>
/// <remarks>
/// Each step first shrinks every parameter, then takes Adam's step on the unmodified gradient g:
/// <code>
/// p ← p − η·λ·p
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The default λ = 0.01 is PyTorch's.
/// </remarks>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">η, ≥ 0.</param>
    /// <param name="beta1">β₁, in [0, 1).</param>
    /// <param name="beta2">β₂, in [0, 1).</param>
    /// <param name="epsilon">ε, ≥ 0.</param>
    /// <param name="weightDecay">λ, the decoupled weight decay, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: true)
    {
    }
}
