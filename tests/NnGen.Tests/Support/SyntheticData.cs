using System.Numerics;

namespace NnGen.Tests.Support;

/// <summary>Small seeded datasets with known answers.</summary>
public static class SyntheticData
{
    /// <summary>
    /// n samples of t = W x + b exactly (no noise), x uniform in [−1, 1]^in, with W given row-major as (out, in).
    /// </summary>
    public static Dataset<T> Linear<T>(int n, double[,] w, double[] b, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var outputs = w.GetLength(0);
        var inputsPerSample = w.GetLength(1);
        var rng = new Rng(seed);
        var inputs = new T[n * inputsPerSample];
        var targets = new T[n * outputs];
        for (var s = 0; s < n; s++)
        {
            var x = new double[inputsPerSample];
            for (var i = 0; i < inputsPerSample; i++)
            {
                x[i] = 2 * rng.NextDouble() - 1;
                inputs[s * inputsPerSample + i] = T.CreateTruncating(x[i]);
            }

            for (var o = 0; o < outputs; o++)
            {
                var y = b[o];
                for (var i = 0; i < inputsPerSample; i++) y += w[o, i] * x[i];
                targets[s * outputs + o] = T.CreateTruncating(y);
            }
        }

        return new Dataset<T>(inputs, targets, inputsPerSample, outputs);
    }

    /// <summary>
    /// n two-dimensional points in [−1, 1]², labelled by which of <paramref name="classes"/> equal angular sectors
    /// around the origin they fall in: cones from the origin, which a linear softmax classifier separates exactly.
    /// </summary>
    public static Dataset<T> Sectors<T>(int n, int classes, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var inputs = new T[n * 2];
        var labels = new int[n];
        for (var s = 0; s < n; s++)
        {
            var x0 = 2 * rng.NextDouble() - 1;
            var x1 = 2 * rng.NextDouble() - 1;
            inputs[2 * s] = T.CreateTruncating(x0);
            inputs[2 * s + 1] = T.CreateTruncating(x1);
            var angle = Math.Atan2(x1, x0) + Math.PI; // [0, 2π]
            labels[s] = Math.Min(classes - 1, (int)(angle / (2 * Math.PI) * classes));
        }

        return Dataset<T>.FromLabels(inputs, 2, labels, classes);
    }

    /// <summary>n points in [−1, 1]² with one 0/1 target: 1 when x₀ + x₁ &gt; 0 (a binary, linearly separable problem).</summary>
    public static Dataset<T> HalfPlane<T>(int n, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var inputs = new T[n * 2];
        var targets = new T[n];
        for (var s = 0; s < n; s++)
        {
            var x0 = 2 * rng.NextDouble() - 1;
            var x1 = 2 * rng.NextDouble() - 1;
            inputs[2 * s] = T.CreateTruncating(x0);
            inputs[2 * s + 1] = T.CreateTruncating(x1);
            targets[s] = x0 + x1 > 0 ? T.One : T.Zero;
        }

        return new Dataset<T>(inputs, targets, 2, 1);
    }
}
