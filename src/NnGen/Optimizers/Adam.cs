using System.Numerics;
using System.Numerics.Tensors;

namespace NnGen;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015), as PyTorch's <c>torch.optim.Adam</c>: per-parameter steps from bias-corrected
/// estimates of the gradient's first and second moments.
/// </summary>
/// <remarks>
/// With learning rate η, decays β₁ and β₂, weight decay λ, gradient g and step count t = 1, 2, …, each step computes
/// <code>
/// g ← g + λ·p                                   (L2 weight decay, only when λ ≠ 0)
/// m ← β₁·m + (1 − β₁)·g                         (m, v start at 0)
/// v ← β₂·v + (1 − β₂)·g²
/// p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The weight decay here is coupled (it passes through the moment estimates, like an <see cref="L2"/> penalty of
/// ½λ|w|², but on every parameter, biases included). <see cref="AdamW"/> decouples it.
/// </remarks>
public class Adam : Optimizer
{
    /// <summary>Creates the optimizer with PyTorch's defaults.</summary>
    /// <param name="learningRate">η, ≥ 0.</param>
    /// <param name="beta1">β₁, the decay of the first moment, in [0, 1).</param>
    /// <param name="beta2">β₂, the decay of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε, added to the root of the second moment, ≥ 0.</param>
    /// <param name="weightDecay">λ, coupled L2 weight decay on every parameter, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : this(learningRate, beta1, beta2, epsilon, weightDecay, decoupledWeightDecay: false)
    {
    }

    /// <summary>Creates the optimizer with coupled (Adam) or decoupled (<see cref="AdamW"/>) weight decay.</summary>
    /// <param name="learningRate">η, ≥ 0.</param>
    /// <param name="beta1">β₁, in [0, 1).</param>
    /// <param name="beta2">β₂, in [0, 1).</param>
    /// <param name="epsilon">ε, ≥ 0.</param>
    /// <param name="weightDecay">λ, ≥ 0.</param>
    /// <param name="decoupledWeightDecay">Whether λ shrinks the parameters directly (AdamW) instead of adding to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    protected Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupledWeightDecay)
        : base(learningRate, 2)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1).");
        if (!(epsilon >= 0 && double.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number ≥ 0.");
        if (!(weightDecay >= 0 && double.IsFinite(weightDecay)))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weightDecay must be a finite number ≥ 0.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>β₁, the decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>ε, added to the bias-corrected root of the second moment.</summary>
    public double Epsilon { get; }

    /// <summary>λ, the weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether <see cref="WeightDecay"/> shrinks the parameters directly, p ← p − η·λ·p (AdamW), rather than adding λ·p to the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        var beta1 = Scalar<T>(Beta1);
        var oneMinusBeta1 = Scalar<T>(1 - Beta1);
        var beta2 = Scalar<T>(Beta2);
        var oneMinusBeta2 = Scalar<T>(1 - Beta2);
        var epsilon = Scalar<T>(Epsilon);
        var minusStepSize = Scalar<T>(-LearningRate / (1 - Math.Pow(Beta1, Steps)));
        var secondMomentCorrection = Scalar<T>(Math.Sqrt(1 - Math.Pow(Beta2, Steps)));
        var coupledDecay = !DecoupledWeightDecay && WeightDecay != 0;
        var decoupledDecay = DecoupledWeightDecay && WeightDecay != 0;
        var weightDecay = Scalar<T>(WeightDecay);
        var shrink = Scalar<T>(1 - LearningRate * WeightDecay);

        var firstMoment = State<T>(0);
        var secondMoment = State<T>(1);
        Span<T> decayedGradient = stackalloc T[ChunkLength];
        Span<T> scratch = stackalloc T[ChunkLength];
        for (var start = 0; start < parameters.Length; start += ChunkLength)
        {
            var length = Math.Min(ChunkLength, parameters.Length - start);
            var p = parameters.Slice(start, length);
            scoped var g = gradients.Slice(start, length);
            var m = firstMoment.Slice(start, length);
            var v = secondMoment.Slice(start, length);
            var t = scratch[..length];

            if (decoupledDecay)
            {
                // p ← p − η·λ·p
                TensorPrimitives.Multiply(p, shrink, p);
            }
            else if (coupledDecay)
            {
                // g ← g + λ·p
                var decayed = decayedGradient[..length];
                TensorPrimitives.MultiplyAdd(p, weightDecay, g, decayed);
                g = decayed;
            }

            // m ← β₁·m + (1 − β₁)·g
            TensorPrimitives.Multiply(m, beta1, m);
            TensorPrimitives.MultiplyAdd(g, oneMinusBeta1, m, m);

            // v ← β₂·v + (1 − β₂)·g²
            TensorPrimitives.Multiply(g, oneMinusBeta2, t);
            TensorPrimitives.Multiply(v, beta2, v);
            TensorPrimitives.MultiplyAdd(t, g, v, v);

            // p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
            TensorPrimitives.Sqrt(v, t);
            TensorPrimitives.Divide(t, secondMomentCorrection, t);
            TensorPrimitives.Add(t, epsilon, t);
            TensorPrimitives.Divide(m, t, t);
            TensorPrimitives.MultiplyAdd(t, minusStepSize, p, p);
        }
    }
}
