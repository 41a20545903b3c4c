using System.Numerics;

namespace NnGen.Gpu.Tests;

/// <summary>
/// One ILGPU CPU accelerator for the whole test run (CI has no GPU): it runs the generated kernels unchanged, and
/// one context lets ILGPU compile each kernel once.
/// </summary>
public sealed class CpuAccelerator : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Create(GpuDeviceKind.Cpu);

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class CpuAcceleratorCollection : ICollectionFixture<CpuAccelerator>
{
    public const string Name = "CPU accelerator";
}

/// <summary>Random batches and a comparison that names the first value out of tolerance.</summary>
internal static class Check
{
    public static T[] Uniform<T>(Random random, int length, double low = -1, double high = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        for (var i = 0; i < length; i++) values[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        return values;
    }

    /// <summary>Targets that fit the loss: one-hot rows for CrossEntropy, 0/1 for BCE, any values for MSE.</summary>
    public static T[] Targets<T>(Random random, LossKind loss, int n, int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targets = new T[n * length];
        for (var s = 0; s < n; s++)
        {
            if (loss == LossKind.CrossEntropy) targets[s * length + random.Next(length)] = T.One;
            else
            {
                for (var j = 0; j < length; j++)
                    targets[s * length + j] = loss == LossKind.BinaryCrossEntropy ? T.CreateTruncating(random.Next(2)) : T.CreateTruncating(random.NextDouble() * 2 - 1);
            }
        }
        return targets;
    }

    /// <summary>Fails unless |gpu − cpu| ≤ tolerance · max(1, |cpu|) for every value.</summary>
    public static void Close<T>(ReadOnlySpan<T> cpu, ReadOnlySpan<T> gpu, double tolerance, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(cpu.Length, gpu.Length);
        for (var i = 0; i < cpu.Length; i++)
        {
            double expected = double.CreateTruncating(cpu[i]), actual = double.CreateTruncating(gpu[i]);
            if (!(Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected))))
                Assert.Fail($"{what}[{i}]: the CPU path gives {expected}, the kernels {actual} (tolerance {tolerance}).");
        }
    }

    /// <summary>The largest |a − b| over two equally long spans.</summary>
    public static double MaxDifference<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var max = 0.0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(double.CreateTruncating(a[i] - b[i])));
        return max;
    }
}
