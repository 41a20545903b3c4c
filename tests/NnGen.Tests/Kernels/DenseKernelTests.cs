namespace NnGen.Tests.Kernels;

/// <summary>The blocked Dense products against plain triple loops, for sizes that do and do not fill whole blocks.</summary>
public class DenseKernelTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 4, 8, 4 }, { 5, 13, 7 }, { 8, 784, 128 }, { 3, 9, 10 }, { 64, 33, 6 }, { 7, 100, 4 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Products_MatchPlainLoops_InDouble(int n, int inputs, int units) => Check<double>(n, inputs, units, 1e-12);

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Products_MatchPlainLoops_InFloat(int n, int inputs, int units) => Check<float>(n, inputs, units, 1e-4);

    private static void Check<T>(int n, int inputs, int units, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng((ulong)(n * 1000 + inputs * 10 + units));
        T[] Random(int length) => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(rng.NextGaussian())).ToArray();
        var (x, w, b, gy) = (Random(n * inputs), Random(units * inputs), Random(units), Random(n * units));
        var dw = Random(units * inputs);

        var y = new T[n * units];
        DenseKernels.Forward<T>(x, w, b, y, n, inputs, units);
        var dwBlocked = dw.ToArray();
        DenseKernels.AddWeightGradient<T>(x, gy, dwBlocked, n, inputs, units);
        var gx = Enumerable.Repeat(T.One, n * inputs).ToArray();
        DenseKernels.InputGradient<T>(gy, w, gx, n, inputs, units);

        for (var s = 0; s < n; s++)
        for (var o = 0; o < units; o++)
        {
            var expected = double.CreateTruncating(b[o]);
            for (var k = 0; k < inputs; k++) expected += double.CreateTruncating(x[s * inputs + k]) * double.CreateTruncating(w[o * inputs + k]);
            AssertClose(expected, y[s * units + o], tolerance);
        }
        for (var o = 0; o < units; o++)
        for (var k = 0; k < inputs; k++)
        {
            var expected = double.CreateTruncating(dw[o * inputs + k]);
            for (var s = 0; s < n; s++) expected += double.CreateTruncating(gy[s * units + o]) * double.CreateTruncating(x[s * inputs + k]);
            AssertClose(expected, dwBlocked[o * inputs + k], tolerance);
        }
        for (var s = 0; s < n; s++)
        for (var k = 0; k < inputs; k++)
        {
            var expected = 0.0;
            for (var o = 0; o < units; o++) expected += double.CreateTruncating(gy[s * units + o]) * double.CreateTruncating(w[o * inputs + k]);
            AssertClose(expected, gx[s * inputs + k], tolerance);
        }
    }

    private static void AssertClose<T>(double expected, T actual, double tolerance) where T : System.Numerics.INumberBase<T>
    {
        var value = double.CreateTruncating(actual);
        Assert.True(Math.Abs(expected - value) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {value}");
    }
}
