using System.Collections.Concurrent;
using NnGen.Tests.Support;

namespace NnGen.Tests.Kernels;

/// <summary>A batch's loss shared by the threads: every sample once, its spans whole, the sum in sample order.</summary>
[Collection(WorkersCollection.Name)]
public class WorkersLossesTests
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 64)]
    [InlineData(3, 100)]
    [InlineData(2, 31)]
    [InlineData(2, 1)]
    [InlineData(2, 0)]
    public void EverySample_GetsItsLossOnce_AndTheSumAddsThemInOrder(int threads, int n)
    {
        using (WorkerThreads.Set(threads))
        {
            // Losses of many sizes, so that adding them in any other order would round differently.
            var y = Enumerable.Range(0, n).Select(s => (float)Math.Pow(10, s % 9 - 4) * (1 + s)).ToArray();
            var z = y.Select(v => -v).ToArray();
            var targets = new float[n];
            var g = new float[n];
            var losses = new double[n + 1];
            losses[n] = double.NaN;
            Ranges.Clear();
            var sum = Workers.SumOfLosses<float>(n, z, y, targets, g, 0.5f, losses, Record);

            double expected = 0;
            for (var s = 0; s < n; s++) expected += y[s] - (double)z[s];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(sum));
            for (var s = 0; s < n; s++)
            {
                Assert.Equal(y[s] - (double)z[s], losses[s]);
                Assert.Equal(0.5f * y[s], g[s]);
            }
            Assert.True(double.IsNaN(losses[n]), "nothing past the batch's losses is written");
            var covered = Ranges.SelectMany(r => Enumerable.Range(r.Start, r.End - r.Start)).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, n), covered);
            if (n < 32) Assert.Single(Ranges);
        }
    }

    [Fact]
    public void TooFewPlacesForTheLosses_AreRefusedWithTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Workers.SumOfLosses<float>(10, default, new float[10], new float[10], new float[10], 1f, new double[9], Record));
        Assert.Contains("10 samples need 10 places for their losses; there are 9", error.Message);
    }

    private static readonly ConcurrentBag<(int Start, int End)> Ranges = [];

    // A stand-in for a generated SampleLosses: loss y − z, gradient scale·y; it checks that it sees the whole spans.
    private static void Record(int start, int end, ReadOnlySpan<float> z, ReadOnlySpan<float> y, ReadOnlySpan<float> targets, Span<float> g, float scale, Span<double> losses)
    {
        Ranges.Add((start, end));
        Assert.True(end <= y.Length && y.Length == targets.Length && y.Length == g.Length);
        for (var s = start; s < end; s++)
        {
            losses[s] = y[s] - (double)(z.IsEmpty ? 0 : z[s]);
            g[s] = scale * y[s];
        }
    }
}
