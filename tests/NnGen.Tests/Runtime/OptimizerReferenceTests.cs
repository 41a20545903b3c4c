using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

/// <summary>
/// The first three steps of every optimizer against values worked out by hand from its formula, on the buffer
/// p₀ = (1, −2, 0.5) with the gradients g₁ = (0.5, −1, 2), g₂ = (0.25, 0.5, −1), g₃ = (−0.5, 1.5, 0).
/// </summary>
public sealed class OptimizerReferenceTests
{
    private const double Tolerance = 1e-12;
    private static readonly double[] P0 = [1.0, -2.0, 0.5];
    private static readonly double[][] G = [[0.5, -1.0, 2.0], [0.25, 0.5, -1.0], [-0.5, 1.5, 0.0]];

    /// <summary>Runs three steps and checks the buffer after each.</summary>
    private static void AssertSteps(Optimizer optimizer, double[] afterStep1, double[] afterStep2, double[] afterStep3)
    {
        double[] p = [.. P0];
        double[][] expected = [afterStep1, afterStep2, afterStep3];
        for (var t = 0; t < 3; t++)
        {
            optimizer.Step<double>(p, G[t]);
            Buffers.Near(expected[t], p, Tolerance);
        }

        Assert.Equal(3, optimizer.Steps);
    }

    [Fact]
    public void PlainSgd_SubtractsLearningRateTimesGradient()
    {
        // p ← p − 0.1·g
        AssertSteps(
            new Sgd(0.1),
            [1.0 - 0.1 * 0.5, -2.0 + 0.1 * 1.0, 0.5 - 0.1 * 2.0],   // (0.95, −1.9, 0.3)
            [0.95 - 0.1 * 0.25, -1.9 - 0.1 * 0.5, 0.3 + 0.1 * 1.0], // (0.925, −1.95, 0.4)
            [0.925 + 0.1 * 0.5, -1.95 - 0.1 * 1.5, 0.4 - 0.0]);     // (0.975, −2.1, 0.4)
    }

    [Fact]
    public void SgdWithMomentum_AccumulatesVelocityAndStepsAlongIt()
    {
        // v ← 0.9·v + g;  p ← p − 0.1·v
        // v₁ = g₁ = (0.5, −1, 2)
        // v₂ = 0.9·v₁ + g₂ = (0.45 + 0.25, −0.9 + 0.5, 1.8 − 1) = (0.7, −0.4, 0.8)
        // v₃ = 0.9·v₂ + g₃ = (0.63 − 0.5, −0.36 + 1.5, 0.72 + 0) = (0.13, 1.14, 0.72)
        AssertSteps(
            new Sgd(0.1, momentum: 0.9),
            [1.0 - 0.05, -2.0 + 0.1, 0.5 - 0.2],      // (0.95, −1.9, 0.3)
            [0.95 - 0.07, -1.9 + 0.04, 0.3 - 0.08],   // (0.88, −1.86, 0.22)
            [0.88 - 0.013, -1.86 - 0.114, 0.22 - 0.072]); // (0.867, −1.974, 0.148)
    }

    [Fact]
    public void SgdWithNesterov_StepsAlongGradientPlusMomentumTimesVelocity()
    {
        // v as with momentum; p ← p − 0.1·(g + 0.9·v)
        // d₁ = g₁ + 0.9·v₁ = 1.9·g₁ = (0.95, −1.9, 3.8)
        // d₂ = g₂ + 0.9·v₂ = (0.25 + 0.63, 0.5 − 0.36, −1 + 0.72) = (0.88, 0.14, −0.28)
        // d₃ = g₃ + 0.9·v₃ = (−0.5 + 0.117, 1.5 + 1.026, 0 + 0.648) = (−0.383, 2.526, 0.648)
        AssertSteps(
            new Sgd(0.1, momentum: 0.9, nesterov: true),
            [1.0 - 0.095, -2.0 + 0.19, 0.5 - 0.38],        // (0.905, −1.81, 0.12)
            [0.905 - 0.088, -1.81 - 0.014, 0.12 + 0.028],  // (0.817, −1.824, 0.148)
            [0.817 + 0.0383, -1.824 - 0.2526, 0.148 - 0.0648]); // (0.8553, −2.0766, 0.0832)
    }

    [Fact]
    public void RmsProp_DividesByRunningRootMeanSquarePlusEpsilon()
    {
        // s ← 0.9·s + 0.1·g²;  p ← p − 0.01·g / (√s + 10⁻⁸)
        // s₁ = 0.1·g₁² = (0.025, 0.1, 0.4)
        // s₂ = 0.9·s₁ + 0.1·g₂² = (0.0225 + 0.00625, 0.09 + 0.025, 0.36 + 0.1) = (0.02875, 0.115, 0.46)
        // s₃ = 0.9·s₂ + 0.1·g₃² = (0.025875 + 0.025, 0.1035 + 0.225, 0.414 + 0) = (0.050875, 0.3285, 0.414)
        const double eps = 1e-8;
        double[] p1 =
        [
            1.0 - 0.01 * 0.5 / (Math.Sqrt(0.025) + eps),
            -2.0 - 0.01 * -1.0 / (Math.Sqrt(0.1) + eps),
            0.5 - 0.01 * 2.0 / (Math.Sqrt(0.4) + eps),
        ];
        double[] p2 =
        [
            p1[0] - 0.01 * 0.25 / (Math.Sqrt(0.02875) + eps),
            p1[1] - 0.01 * 0.5 / (Math.Sqrt(0.115) + eps),
            p1[2] - 0.01 * -1.0 / (Math.Sqrt(0.46) + eps),
        ];
        double[] p3 =
        [
            p2[0] - 0.01 * -0.5 / (Math.Sqrt(0.050875) + eps),
            p2[1] - 0.01 * 1.5 / (Math.Sqrt(0.3285) + eps),
            p2[2] - 0.0,
        ];
        AssertSteps(new RmsProp(0.01, rho: 0.9, epsilon: eps), p1, p2, p3);
    }

    // Adam's moments for g₁, g₂, g₃ with β₁ = 0.9, β₂ = 0.999 (the same for Adam and AdamW: the gradients are fixed):
    // m₁ = 0.1·g₁ = (0.05, −0.1, 0.2)                      v₁ = 0.001·g₁² = (0.00025, 0.001, 0.004)
    // m₂ = 0.9·m₁ + 0.1·g₂ = (0.07, −0.04, 0.08)           v₂ = 0.999·v₁ + 0.001·g₂² = (0.00031225, 0.001249, 0.004996)
    // m₃ = 0.9·m₂ + 0.1·g₃ = (0.013, 0.114, 0.072)         v₃ = 0.999·v₂ + 0.001·g₃² = (0.00056193775, 0.003497751, 0.004991004)
    // Bias corrections 1 − β₁ᵗ = 0.1, 0.19, 0.271 and 1 − β₂ᵗ = 0.001, 0.001999, 0.002997001.
    private static readonly double[][] M = [[0.05, -0.1, 0.2], [0.07, -0.04, 0.08], [0.013, 0.114, 0.072]];
    private static readonly double[][] V = [[0.00025, 0.001, 0.004], [0.00031225, 0.001249, 0.004996], [0.00056193775, 0.003497751, 0.004991004]];
    private static readonly double[] FirstCorrection = [0.1, 0.19, 0.271];
    private static readonly double[] SecondCorrection = [0.001, 0.001999, 0.002997001];

    /// <summary>Adam's step for element i at step t (1-based): η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε), η = 0.01, ε = 10⁻⁸.</summary>
    private static double AdamDelta(int t, int i) =>
        0.01 / FirstCorrection[t - 1] * M[t - 1][i] / (Math.Sqrt(V[t - 1][i]) / Math.Sqrt(SecondCorrection[t - 1]) + 1e-8);

    [Fact]
    public void Adam_StepsByBiasCorrectedMoments()
    {
        double[] p1 = [1.0 - AdamDelta(1, 0), -2.0 - AdamDelta(1, 1), 0.5 - AdamDelta(1, 2)];
        double[] p2 = [p1[0] - AdamDelta(2, 0), p1[1] - AdamDelta(2, 1), p1[2] - AdamDelta(2, 2)];
        double[] p3 = [p2[0] - AdamDelta(3, 0), p2[1] - AdamDelta(3, 1), p2[2] - AdamDelta(3, 2)];

        // On the first step the bias-corrected moments are g and g², so each parameter moves by η·sign(g) (nearly).
        Assert.Equal(1.0 - 0.01, p1[0], 1e-8);
        AssertSteps(new Adam(0.01), p1, p2, p3);
    }

    [Fact]
    public void AdamW_ShrinksParametersByLearningRateTimesDecayBeforeTheAdamStep()
    {
        // p ← p − η·λ·p = 0.999·p (η = 0.01, λ = 0.1), then Adam's step on the unchanged gradient.
        const double shrink = 1 - 0.01 * 0.1;
        double[] p1 = [shrink * 1.0 - AdamDelta(1, 0), shrink * -2.0 - AdamDelta(1, 1), shrink * 0.5 - AdamDelta(1, 2)];
        double[] p2 = [shrink * p1[0] - AdamDelta(2, 0), shrink * p1[1] - AdamDelta(2, 1), shrink * p1[2] - AdamDelta(2, 2)];
        double[] p3 = [shrink * p2[0] - AdamDelta(3, 0), shrink * p2[1] - AdamDelta(3, 1), shrink * p2[2] - AdamDelta(3, 2)];
        AssertSteps(new AdamW(0.01, weightDecay: 0.1), p1, p2, p3);
    }

    [Fact]
    public void AdamWithWeightDecay_EqualsAdamOnGradientPlusDecayTimesParameters()
    {
        // Coupled decay: g ← g + λ·p, fed through the moments (unlike AdamW).
        var coupled = new Adam(0.01, weightDecay: 0.1);
        var plain = new Adam(0.01);
        double[] p = [.. P0];
        double[] q = [.. P0];
        for (var t = 0; t < 3; t++)
        {
            coupled.Step<double>(p, G[t]);
            double[] decayed = [G[t][0] + 0.1 * q[0], G[t][1] + 0.1 * q[1], G[t][2] + 0.1 * q[2]];
            plain.Step<double>(q, decayed);
            Buffers.Near(q, p, Tolerance);
        }

        // And it is not AdamW.
        var decoupled = new AdamW(0.01, weightDecay: 0.1);
        double[] r = [.. P0];
        for (var t = 0; t < 3; t++) decoupled.Step<double>(r, G[t]);
        Assert.True(Math.Abs(r[2] - p[2]) > 1e-6, $"coupled {p[2]:R} vs decoupled {r[2]:R}");
    }

    [Fact]
    public void AdamW_DefaultsToPyTorchWeightDecay()
    {
        var adamW = new AdamW();
        Assert.Equal(0.01, adamW.WeightDecay);
        Assert.True(adamW.DecoupledWeightDecay);
        Assert.Equal(1e-3, adamW.LearningRate);
        Assert.Equal(0, new Adam().WeightDecay);
    }
}
