using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

[Collection(WorkersCollection.Name)]
public sealed class OptimizerBehaviourTests
{
    public static TheoryData<string> Optimizers => ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adam-decay", "adamw"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "momentum" => new Sgd(0.1, momentum: 0.9),
        "nesterov" => new Sgd(0.1, momentum: 0.9, nesterov: true),
        "rmsprop" => new RmsProp(0.01),
        "adam" => new Adam(0.01),
        "adam-decay" => new Adam(0.01, weightDecay: 0.1),
        "adamw" => new AdamW(0.01, weightDecay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (double[] Parameters, double[][] Gradients) RandomProblem(int length, ulong seed)
    {
        var rng = new Rng(seed);
        var parameters = new double[length];
        for (var i = 0; i < length; i++) parameters[i] = rng.NextGaussian();
        var gradients = new double[3][];
        for (var t = 0; t < 3; t++)
        {
            gradients[t] = new double[length];
            for (var i = 0; i < length; i++) gradients[t][i] = rng.NextGaussian();
        }

        return (parameters, gradients);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void VectorizedStepOverLongBuffer_EqualsStepOnEachElementAlone(string name)
    {
        // 1031 values: several chunks plus a tail that is no multiple of any vector width.
        var (start, gradients) = RandomProblem(1031, seed: 7);
        var whole = (double[])start.Clone();
        var optimizer = Create(name);
        for (var t = 0; t < 3; t++) optimizer.Step<double>(whole, gradients[t]);

        for (var i = 0; i < start.Length; i++)
        {
            var single = Create(name);
            double[] p = [start[i]];
            for (var t = 0; t < 3; t++) single.Step<double>(p, [gradients[t][i]]);
            Assert.True(Math.Abs(p[0] - whole[i]) <= 1e-14 * Math.Max(1, Math.Abs(p[0])), $"element {i}: alone {p[0]:R}, in the buffer {whole[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StepKeepingPrevious_UpdatesAsStep_AndKeepsTheValuesBefore(string name)
    {
        // Fit keeps the weights before each step to undo a diverged one; Adam writes them in its own pass.
        var (start, gradients) = RandomProblem(1031, seed: 13);
        var plain = (double[])start.Clone();
        var keeping = (double[])start.Clone();
        var previous = new double[start.Length];
        var (a, b) = (Create(name), Create(name));
        for (var t = 0; t < 3; t++)
        {
            var before = (double[])keeping.Clone();
            a.Step<double>(plain, gradients[t]);
            b.StepKeepingPrevious<double>(keeping, gradients[t], previous);
            Assert.Equal(plain, keeping);
            Assert.Equal(before, previous);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FloatAdamKeepingPrevious_OnTwoThreads_KeepsTheValuesBefore_AlignedOrNot(int offset)
    {
        // Float Adam on AVX-512 writes the copy with streaming stores where it starts on a cache line (Fit's aligned
        // buffer), with plain stores elsewhere; 40 007 values make two parts on two threads and a tail.
        using (WorkerThreads.Set(2))
        {
            var (start, gradients) = RandomProblem(40007, seed: 17);
            var parameters = new AlignedBuffer<float>(start.Length);
            var plain = start.Select(v => (float)v).ToArray();
            plain.CopyTo(parameters.Span);
            var previous = new AlignedBuffer<float>(start.Length + offset);
            var (a, b) = (Create("adam"), Create("adam"));
            for (var t = 0; t < 3; t++)
            {
                var before = parameters.Span.ToArray();
                var g = gradients[t].Select(v => (float)v).ToArray();
                a.Step<float>(plain, g);
                b.StepKeepingPrevious<float>(parameters.Span, g, previous.Span.Slice(offset));
                Assert.Equal(plain, parameters.Span.ToArray());
                Assert.Equal(before, previous.Span.Slice(offset).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("momentum")]
    [InlineData("nesterov")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    public void StateDecayingTowardZero_SkipsTheSubnormals(string name)
    {
        // One step with gradients of 1e-3, then zero gradients: the first state buffer (velocity, RMSProp's mean
        // square, Adam's m) decays geometrically (by 0.9 or 0.99 a step) and would pass through the float subnormals,
        // which cost about a hundred times a normal operation on x86; Adam's v decays too slowly to get there here but
        // must not hold a subnormal either. 37 values: whole vectors and a scalar tail.
        var optimizer = Create(name);
        var parameters = new float[37];
        var gradients = new float[37];
        Array.Fill(gradients, 1e-3f);
        optimizer.Step<float>(parameters, gradients);
        Array.Clear(gradients);
        var reachedZero = false;
        for (var t = 0; t < 9000 && !reachedZero; t++)
        {
            optimizer.Step<float>(parameters, gradients);
            var state = optimizer.ExportState<float>();
            foreach (var buffer in state)
            {
                var subnormal = Array.FindIndex(buffer, float.IsSubnormal);
                if (subnormal >= 0) Assert.Fail($"{name}, step {t + 2}: state value {subnormal} is subnormal ({buffer[subnormal]:R})");
            }

            reachedZero = state[0].All(v => v == 0);
        }

        Assert.True(reachedZero, $"{name}: the state never decayed to zero");
        Assert.All(parameters, p => Assert.True(float.IsFinite(p)));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FloatSteps_AgreeWithDoubleSteps(string name)
    {
        var (start, gradients) = RandomProblem(300, seed: 11);
        var inDouble = (double[])start.Clone();
        var inFloat = Array.ConvertAll(start, v => (float)v);
        var doubleOptimizer = Create(name);
        var floatOptimizer = Create(name);
        for (var t = 0; t < 3; t++)
        {
            doubleOptimizer.Step<double>(inDouble, gradients[t]);
            floatOptimizer.Step<float>(inFloat, Array.ConvertAll(gradients[t], v => (float)v));
        }

        Buffers.RelativelyNear(inDouble, inFloat, 1e-5);
        Assert.False(inDouble.AsSpan().SequenceEqual(start), "the optimizer did not move the parameters");
    }

    [Fact]
    public void FloatAdam_UpdateIsWithinAFewUlpOfTheExactFormula()
    {
        // Float Adam may take √v and the division from the processor's estimates refined by Newton steps; the step
        // itself must stay within a few ulp. 37 values (two vectors and a tail), gradients over 20 orders of
        // magnitude, and zeros (v = 0).
        var rng = new Rng(21);
        const int n = 37;
        var gradients = new float[n];
        for (var i = 0; i < n; i++) gradients[i] = i % 9 == 0 ? 0f : (float)(rng.NextGaussian() * Math.Pow(10, rng.NextDouble() * 20 - 12));
        var parameters = new float[n];      // zero, so that each parameter after the step is the step itself
        var adam = new Adam(1e-3);
        adam.Step<float>(parameters, gradients);
        for (var i = 0; i < n; i++)
        {
            // The first step, in double: m = 0.1 g, v = 0.001 g², p ← p − η/0.1 · m / (√v/√0.001 + ε).
            double g = gradients[i], m = (float)(0.1 * g), v = (float)(0.001 * g * g);
            var step = -1e-3 / 0.1 * m / (Math.Sqrt(v) / Math.Sqrt(0.001) + 1e-8);
            var got = parameters[i];
            var ulp = MathF.BitIncrement(MathF.Abs((float)step)) - MathF.Abs((float)step);
            Assert.True(Math.Abs(got - step) <= 4 * ulp, $"value {i}: g = {g:R}, step {got:R}, exact {step:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void StepOnBufferOfDifferentLength_ThrowsNamingBothLengths(string name)
    {
        var optimizer = Create(name);
        optimizer.Step<double>(new double[3], [1.0, 2.0, 3.0]);

        var error = Assert.Throws<ArgumentException>(() => optimizer.Step<double>(new double[4], new double[4]));
        Assert.Contains("3 Double", error.Message);
        Assert.Contains("4 Double", error.Message);
    }

    [Fact]
    public void StepWithOtherElementType_ThrowsNamingBothTypes()
    {
        var optimizer = new Adam();
        optimizer.Step<double>(new double[3], new double[3]);

        var error = Assert.Throws<ArgumentException>(() => optimizer.Step<float>(new float[3], new float[3]));
        Assert.Contains("Double", error.Message);
        Assert.Contains("Single", error.Message);
    }

    [Fact]
    public void GradientsShorterThanParameters_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sgd(0.1).Step<double>(new double[3], new double[2]));
        Assert.Contains("expected 3 gradients, got 2", error.Message);
    }

    [Fact]
    public void Reset_ForgetsStateAndStepCount()
    {
        var optimizer = new Adam(0.01);
        double[] first = [.. new double[] { 1, 2, 3 }];
        optimizer.Step<double>(first, [0.5, 0.5, 0.5]);
        optimizer.Step<double>(first, [0.5, 0.5, 0.5]);

        optimizer.Reset();
        Assert.Equal(0, optimizer.Steps);
        double[] other = [1.0, 2.0];
        optimizer.Step<double>(other, [0.5, -0.5]);

        // A fresh first Adam step moves by η·g/(|g| + ε) ≈ η.
        Assert.Equal(1.0 - 0.01, other[0], 1e-9);
        Assert.Equal(2.0 + 0.01, other[1], 1e-9);
    }

    [Fact]
    public void LearningRateChange_TakesEffectOnNextStep()
    {
        var optimizer = new Sgd(0.1);
        double[] p = [1.0];
        optimizer.LearningRate = 0.5;
        optimizer.Step<double>(p, [1.0]);
        Assert.Equal(0.5, p[0], 1e-15);
    }

    [Fact]
    public void InvalidHyperparameters_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1, momentum: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(rho: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1) { LearningRate = double.NaN });
    }
}
