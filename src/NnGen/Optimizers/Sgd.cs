using System.Numerics;
using System.Numerics.Tensors;

namespace NnGen;

/// <summary>
/// Stochastic gradient descent, optionally with momentum or Nesterov momentum, as PyTorch's <c>torch.optim.SGD</c>
/// (dampening 0, no weight decay: use <see cref="L2"/> for that).
/// </summary>
/// <remarks>
/// With learning rate η, momentum μ and gradient g, each step computes
/// <code>
/// v ← μ·v + g                       (v starts at 0, so the first step sets v = g)
/// p ← p − η·(g + μ·v)               (Nesterov)
/// p ← p − η·v                       (otherwise; plain SGD p ← p − η·g when μ = 0)
/// </code>
/// This is PyTorch's form, in which η multiplies the velocity, not the form v ← μ·v − η·g of some lecture notes;
/// the two agree while η is constant.
/// </remarks>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">η, ≥ 0.</param>
    /// <param name="momentum">μ, in [0, 1); 0 is plain SGD and keeps no state.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum; needs μ &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> without momentum.</exception>
    public Sgd(double learningRate, double momentum = 0, bool nesterov = false)
        : base(learningRate, momentum == 0 ? 0 : 1)
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must lie in [0, 1).");
        }

        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs a momentum > 0, for example momentum: 0.9.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ, the fraction of the velocity kept from one step to the next.</summary>
    public double Momentum { get; }

    /// <summary>Whether the step looks ahead along the velocity (Nesterov).</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        var minusRate = Scalar<T>(-LearningRate);
        if (Momentum == 0)
        {
            // p ← p − η·g
            TensorPrimitives.MultiplyAdd(gradients, minusRate, parameters, parameters);
            return;
        }

        var momentum = Scalar<T>(Momentum);
        var velocity = State<T>(0);
        Span<T> scratch = stackalloc T[ChunkLength];
        for (var start = 0; start < parameters.Length; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, parameters.Length - start);
            var p = parameters.Slice(start, length);
            var g = gradients.Slice(start, length);
            var v = velocity.Slice(start, length);

            // v ← μ·v + g
            TensorPrimitives.MultiplyAdd(v, momentum, g, v);
            FlushSubnormals(v);
            if (Nesterov)
            {
                // p ← p − η·(g + μ·v)
                var lookahead = scratch[..length];
                TensorPrimitives.MultiplyAdd(v, momentum, g, lookahead);
                TensorPrimitives.MultiplyAdd(lookahead, minusRate, p, p);
            }
            else
            {
                // p ← p − η·v
                TensorPrimitives.MultiplyAdd(v, minusRate, p, p);
            }
        }
    }
}
