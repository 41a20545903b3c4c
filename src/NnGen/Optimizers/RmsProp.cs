using System.Numerics;
using System.Numerics.Tensors;

namespace NnGen;

/// <summary>
/// RMSProp: divides each gradient by a running root mean square of its recent values, as PyTorch's
/// <c>torch.optim.RMSprop</c> (not centered, no momentum, ε outside the square root).
/// </summary>
/// <remarks>
/// With learning rate η, decay ρ and gradient g, each step computes
/// <code>
/// s ← ρ·s + (1 − ρ)·g²              (s starts at 0)
/// p ← p − η·g / (√s + ε)
/// </code>
/// The defaults (η = 10⁻³, ρ = 0.9) are those of Hinton's lecture and Keras; PyTorch's are η = 10⁻², ρ (its
/// <c>alpha</c>) = 0.99.
/// </remarks>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, ≥ 0.</param>
    /// <param name="rho">ρ, the decay of the mean square, in [0, 1).</param>
    /// <param name="epsilon">ε, added to the root mean square to avoid dividing by zero, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public RmsProp(double learningRate = 1e-3, double rho = 0.9, double epsilon = 1e-8)
        : base(learningRate, 1)
    {
        if (!(rho >= 0 && rho < 1)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho must lie in [0, 1).");
        if (!(epsilon >= 0 && double.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number ≥ 0.");
        Rho = rho;
        Epsilon = epsilon;
    }

    /// <summary>ρ, the decay of the running mean square.</summary>
    public double Rho { get; }

    /// <summary>ε, added to the root mean square.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        var minusRate = Scalar<T>(-LearningRate);
        var rho = Scalar<T>(Rho);
        var oneMinusRho = Scalar<T>(1 - Rho);
        var epsilon = Scalar<T>(Epsilon);
        var meanSquare = State<T>(0);
        Span<T> scratch = stackalloc T[ChunkLength];
        for (var start = 0; start < parameters.Length; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, parameters.Length - start);
            var p = parameters.Slice(start, length);
            var g = gradients.Slice(start, length);
            var s = meanSquare.Slice(start, length);
            var t = scratch[..length];

            // s ← ρ·s + (1 − ρ)·g²
            TensorPrimitives.Multiply(g, oneMinusRho, t);
            TensorPrimitives.Multiply(s, rho, s);
            TensorPrimitives.MultiplyAdd(t, g, s, s);
            FlushSubnormals(s);

            // p ← p − η·g / (√s + ε)
            TensorPrimitives.Sqrt(s, t);
            TensorPrimitives.Add(t, epsilon, t);
            TensorPrimitives.Divide(g, t, t);
            TensorPrimitives.MultiplyAdd(t, minusRate, p, p);
        }
    }
}
