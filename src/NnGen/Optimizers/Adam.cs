using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// ½λ|w|², but on every parameter, biases included). <see cref="AdamW"/> decouples it. Moments that fall below the
/// smallest normal number are set to zero (every optimizer's state is flushed so: subnormal arithmetic is slow). In
/// float, on processors with AVX-512, √v and the division come from the processor's 14-bit estimates refined by one
/// Newton step each: each step lies within a few ulp of the formula (tested), and costs about half as much.
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
    protected override void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients) => Run(parameters, gradients, default);

    /// <inheritdoc/>
    private protected override void UpdateKeepingPrevious<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previous) =>
        Run(parameters, gradients, previous);

    /// <summary>The update, also writing each parameter's value before it to <paramref name="previous"/> unless that is empty.</summary>
    private unsafe void Run<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previous) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var step = new AdamStep<T>
        {
            Beta1 = Scalar<T>(Beta1),
            OneMinusBeta1 = Scalar<T>(1 - Beta1),
            Beta2 = Scalar<T>(Beta2),
            OneMinusBeta2 = Scalar<T>(1 - Beta2),
            Epsilon = Scalar<T>(Epsilon),
            MinusStepSize = Scalar<T>(-LearningRate / (1 - Math.Pow(Beta1, Steps))),
            InverseSecondMomentCorrection = Scalar<T>(1 / Math.Sqrt(1 - Math.Pow(Beta2, Steps))),
            CoupledDecay = !DecoupledWeightDecay && WeightDecay != 0,
            DecoupledDecay = DecoupledWeightDecay && WeightDecay != 0,
            WeightDecay = Scalar<T>(WeightDecay),
            Shrink = Scalar<T>(1 - LearningRate * WeightDecay),
        };

        fixed (T* p = parameters, g = gradients, m = State<T>(0), v = State<T>(1), before = previous)
        {
            step.P = p;
            step.Previous = previous.IsEmpty ? null : before;
            step.G = g;
            step.M = m;
            step.V = v;
            // Ranges on whole cache lines, so that Fit's copy of the weights can take streaming stores in each.
            if (parameters.Length >= ParallelLength) Workers.ForRange(parameters.Length, 16, ref step);
            else step.Run(0, parameters.Length);
        }
    }

    /// <summary>
    /// One Adam update over a run of the parameters: every element's formula in one pass, in registers. √v is
    /// multiplied by 1/√(1 − β₂ᵗ) rather than divided by √(1 − β₂ᵗ): one division per value instead of two.
    /// </summary>
    private unsafe struct AdamStep<T> : IRangeJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* P, G, M, V, Previous;
        public T Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Epsilon, MinusStepSize, InverseSecondMomentCorrection, WeightDecay, Shrink;
        public bool CoupledDecay, DecoupledDecay;

        public readonly void Run(int start, int end)
        {
            if (typeof(T) == typeof(float) && Avx512F.IsSupported)
            {
                Estimated(start, end);
                return;
            }

            var i = start;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i + Vector<T>.Count <= end; i += Vector<T>.Count)
                {
                    var p = Vector.Load(P + i);
                    if (Previous != null) Vector.Store(p, Previous + i);
                    var g = Vector.Load(G + i);
                    var (m, v) = (Vector.Load(M + i), Vector.Load(V + i));
                    if (DecoupledDecay) p *= new Vector<T>(Shrink);                          // p ← p − η·λ·p
                    else if (CoupledDecay) g = p * new Vector<T>(WeightDecay) + g;           // g ← g + λ·p
                    m = FlushSubnormal(g * new Vector<T>(OneMinusBeta1) + m * new Vector<T>(Beta1));   // m ← β₁·m + (1 − β₁)·g
                    v = FlushSubnormal(g * new Vector<T>(OneMinusBeta2) * g + v * new Vector<T>(Beta2)); // v ← β₂·v + (1 − β₂)·g²
                    var t = Vector.SquareRoot(v) * new Vector<T>(InverseSecondMomentCorrection) + new Vector<T>(Epsilon);
                    p = m / t * new Vector<T>(MinusStepSize) + p;                             // p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
                    Vector.Store(p, P + i);
                    Vector.Store(m, M + i);
                    Vector.Store(v, V + i);
                }
            }

            for (; i < end; i++)
            {
                T p = P[i], g = G[i];
                if (Previous != null) Previous[i] = p;
                if (DecoupledDecay) p *= Shrink;
                else if (CoupledDecay) g = p * WeightDecay + g;
                var m = FlushSubnormal(g * OneMinusBeta1 + M[i] * Beta1);
                var v = FlushSubnormal(g * OneMinusBeta2 * g + V[i] * Beta2);
                var t = T.Sqrt(v) * InverseSecondMomentCorrection + Epsilon;
                P[i] = m / t * MinusStepSize + p;
                M[i] = m;
                V[i] = v;
            }
        }

        /// <summary>
        /// Float parameters [start, end), with √v and 1/(√v/√(1 − β₂ᵗ) + ε) from the processor's 14-bit estimates,
        /// each refined by one Newton step (to about 28 bits; each step lies within 4 ulp of the formula, tested): a
        /// square root and a division per value held Adam to about a quarter of a training step for a 100 000-parameter
        /// MLP. The last values of the range go through a padded copy, so that every value gets the same arithmetic.
        /// </summary>
        private readonly void Estimated(int start, int end)
        {
            const int Lanes = 16;
            float* p = (float*)P, g = (float*)G, m = (float*)M, v = (float*)V, before = (float*)Previous;
            // Fit reads the copy of the weights only to undo a diverged step: where it starts on a cache line,
            // streaming stores neither read its lines first nor keep them in the cache, where they would push out the
            // optimizer's state (a one-thread MNIST epoch ran about 5 % faster).
            var streaming = before != null && ((nuint)(before + start) & 63) == 0;
            var i = start;
            for (; i + Lanes <= end; i += Lanes)
            {
                if (before != null)
                {
                    var value = Vector512.Load(p + i);
                    if (streaming) value.StoreAlignedNonTemporal(before + i);
                    else value.Store(before + i);
                }
                Sixteen(p + i, g + i, m + i, v + i);
            }

            if (streaming) Sse.StoreFence();
            var count = end - i;
            if (count == 0) return;
            var buffer = stackalloc float[4 * Lanes];
            new Span<float>(buffer, 4 * Lanes).Fill(1f);
            new ReadOnlySpan<float>(p + i, count).CopyTo(new Span<float>(buffer, count));
            new ReadOnlySpan<float>(g + i, count).CopyTo(new Span<float>(buffer + Lanes, count));
            new ReadOnlySpan<float>(m + i, count).CopyTo(new Span<float>(buffer + 2 * Lanes, count));
            new ReadOnlySpan<float>(v + i, count).CopyTo(new Span<float>(buffer + 3 * Lanes, count));
            if (before != null) new ReadOnlySpan<float>(p + i, count).CopyTo(new Span<float>(before + i, count));
            Sixteen(buffer, buffer + Lanes, buffer + 2 * Lanes, buffer + 3 * Lanes);
            new ReadOnlySpan<float>(buffer, count).CopyTo(new Span<float>(p + i, count));
            new ReadOnlySpan<float>(buffer + 2 * Lanes, count).CopyTo(new Span<float>(m + i, count));
            new ReadOnlySpan<float>(buffer + 3 * Lanes, count).CopyTo(new Span<float>(v + i, count));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Sixteen(float* p0, float* g0, float* m0, float* v0)
        {
            var p = Vector512.Load(p0);
            var g = Vector512.Load(g0);
            if (DecoupledDecay) p *= F(Shrink);
            else if (CoupledDecay) g = p * F(WeightDecay) + g;
            var m = FlushSubnormal(Vector512.FusedMultiplyAdd(g, F(OneMinusBeta1), Vector512.Load(m0) * F(Beta1)));
            var v = FlushSubnormal(Vector512.FusedMultiplyAdd(g * F(OneMinusBeta2), g, Vector512.Load(v0) * F(Beta2)));

            // √v = v·(1/√v), the estimate of 1/√v taken at max(v, the smallest normal) so that v = 0 gives 0. The
            // processor's maximum is one instruction where Vector512.Max's IEEE rules take three; a NaN v still comes
            // through, in the product v·(1/√v).
            var floor = Avx512F.Max(v, Vector512.Create(SmallestNormalFloat));
            var y = Avx512F.ReciprocalSqrt14(floor);
            y *= Vector512.Create(1.5f) - floor * y * y * Vector512.Create(0.5f);   // this order: 0.5·floor would be subnormal
            var t = v * y * F(InverseSecondMomentCorrection) + F(Epsilon);
            var r = Avx512F.Reciprocal14(t);
            r *= Vector512.Create(2f) - t * r;
            (m * r * F(MinusStepSize) + p).Store(p0);
            m.Store(m0);
            v.Store(v0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> F(T value) => Vector512.Create(float.CreateTruncating(value));
    }
}
