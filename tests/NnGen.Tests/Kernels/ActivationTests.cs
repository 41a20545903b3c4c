using System.Runtime.Intrinsics;

namespace NnGen.Tests.Kernels;

/// <summary>The float tanh and sigmoid against the double ones, value by value, and the vector lanes against the scalar path.</summary>
public class ActivationTests
{
    [Fact]
    public void Tanh_IsWithinTwoUlp_Everywhere()
    {
        // Every 101st float from −10 to 10 (about 22 million values): both paths and the switches between them. Over every
        // float the worst is 1.37 ulp, at ±1.032549.
        var (worst, worstAt) = WorstUlp(-10f, 10f, Activations.Tanh, Math.Tanh);
        Assert.True(worst <= 2, $"{worst:0.00} ulp at x = {worstAt:R}");
    }

    [Fact]
    public void Tanh_VectorLanes_EqualTheScalarPath_AndEdgesHold()
    {
        // Both sides of the switch between the paths (1) and of saturation (9.010913, the last float below ±1); three whole
        // vectors, so that every value goes through a vector lane.
        float[] x = [0f, -0f, 1e-30f, -1e-8f, 0.3f, 0.99999994f, 1f, -1.0000001f, 1.032549f, -2f, 8.9f, 9.010913f, -9.010914f, 9.2f, 50f, -50f,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 3.3f, -0.5f, 0.75f, -4f, 7f];
        var y = new float[x.Length];
        Activations.Tanh(x, y);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(Activations.Tanh(x[i])), BitConverter.SingleToInt32Bits(y[i]));
        Assert.Equal(1f, y[Array.IndexOf(x, float.PositiveInfinity)]);
        Assert.Equal(-1f, y[Array.IndexOf(x, float.NegativeInfinity)]);
        Assert.True(float.IsNaN(y[Array.IndexOf(x, float.NaN)]));
        Assert.True(float.IsNegative(y[1]) && y[1] == 0);
        Assert.Equal(1e-30f, y[2]);
        Assert.Equal(-1e-8f, y[3]);
        Assert.Equal(0.99999994f, y[Array.IndexOf(x, 9.010913f)]);
        Assert.Equal(-1f, y[Array.IndexOf(x, -9.010914f)]);
    }

    [Fact]
    public void Sigmoid_IsWithinThreeAndAHalfUlp_WhereItIsANormalFloat()
    {
        // Every 101st float from −87.33 (below it σ is under the smallest normal float) to 20 (σ rounds to 1 from 17.3):
        // both sides of 0, where the numerator switches between 1 and e^−|x|. Over every float the worst is 3.22 ulp.
        var (worst, worstAt) = WorstUlp(-87.33f, 20f, Activations.Sigmoid, x => 1 / (1 + Math.Exp(-x)));
        Assert.True(worst <= 3.5, $"{worst:0.00} ulp at x = {worstAt:R}");
    }

    /// <summary>
    /// The largest error, in units in the last place of the exact value rounded to float, of <paramref name="function"/>
    /// on every 101st float from <paramref name="from"/> (negative) to <paramref name="to"/> (positive), and where it is.
    /// </summary>
    private static (double Worst, float At) WorstUlp(float from, float to, SpanFunction function, Func<double, double> exact)
    {
        var values = new List<float>();
        for (var bits = BitConverter.SingleToInt32Bits(from); bits < 0; bits -= 101) values.Add(BitConverter.Int32BitsToSingle(bits));
        for (var bits = 0; BitConverter.Int32BitsToSingle(bits) <= to; bits += 101) values.Add(BitConverter.Int32BitsToSingle(bits));
        var x = values.ToArray();
        var y = new float[x.Length];
        function(x, y);
        var (worst, at) = (0.0, 0f);
        for (var i = 0; i < x.Length; i++)
        {
            var value = exact(x[i]);
            var ulp = Math.Max(MathF.BitIncrement(MathF.Abs((float)value)) - MathF.Abs((float)value), float.Epsilon);
            var error = Math.Abs(y[i] - value) / ulp;
            if (error > worst) (worst, at) = (error, x[i]);
        }
        return (worst, at);
    }

    private delegate void SpanFunction(ReadOnlySpan<float> x, Span<float> y);

    [Fact]
    public void Sigmoid_VectorLanes_EqualTheScalarPath_AndEdgesHold()
    {
        float[] x = [0f, -0f, 1e-30f, -1e-30f, 0.3f, -0.3f, 17.3f, 20f, -87.3f, -87.4f, -200f, 88f, float.PositiveInfinity, float.NegativeInfinity,
            float.NaN, 3.3f, -0.5f, 0.75f, -4f, 7f, -2.72065f, 1f, -1f, 40f];
        var y = new float[x.Length];
        Activations.Sigmoid(x, y);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(Activations.Sigmoid(x[i])), BitConverter.SingleToInt32Bits(y[i]));
        Assert.Equal(0.5f, y[0]);
        Assert.Equal(0.5f, y[1]);
        Assert.Equal(1f, y[Array.IndexOf(x, 20f)]);
        Assert.Equal(1f, y[Array.IndexOf(x, float.PositiveInfinity)]);
        Assert.Equal(0f, y[Array.IndexOf(x, float.NegativeInfinity)]);
        Assert.Equal(0f, y[Array.IndexOf(x, -200f)]);
        Assert.True(float.IsNaN(y[Array.IndexOf(x, float.NaN)]));
        Assert.Equal(1 / (1 + Math.Exp(-(double)-87.3f)), y[Array.IndexOf(x, -87.3f)], 1e-44);   // a normal float, not flushed
        Assert.Equal(1f, y[Array.IndexOf(x, 0.3f)] + y[Array.IndexOf(x, -0.3f)], 1e-7f);
    }

    [Fact]
    public void Exponential_IsWithinTwoUlp_AndGivesAValueTheSameBitsWhereverItLies()
    {
        // Every 1009th float from −87.3 (the smallest normal result) to 0, then the same values shifted by one place,
        // so each goes through a vector lane in one run and another lane (or the scalar tail) in the other.
        var values = new List<float>();
        for (var bits = BitConverter.SingleToInt32Bits(-87.3f); bits > int.MinValue + 1009; bits -= 1009) values.Add(BitConverter.Int32BitsToSingle(bits));
        values.AddRange([0f, -0f, -1e-30f, -87.4f, -200f, float.NegativeInfinity, float.NaN]);
        var x = values.ToArray();
        var y = new float[x.Length];
        Exponential.OfNonPositive(x, y);
        var shifted = new float[x.Length + 1];
        Exponential.OfNonPositive([-1f, .. x], shifted);
        var worst = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(y[i]), BitConverter.SingleToInt32Bits(shifted[i + 1]));
            if (!(x[i] >= -87.3f)) continue;
            var exact = Math.Exp(x[i]);
            var ulp = MathF.BitIncrement((float)exact) - (float)exact;
            worst = Math.Max(worst, Math.Abs(y[i] - exact) / ulp);
        }
        Assert.True(worst <= 2, $"{worst:0.00} ulp");
        Assert.Equal(0f, y[values.IndexOf(-200f)]);
        Assert.Equal(0f, y[values.IndexOf(float.NegativeInfinity)]);
        Assert.True(float.IsNaN(y[^1]));
        Assert.Equal(1f, y[values.IndexOf(0f)]);
    }

    [Fact]
    public void Softmax_MatchesADoubleReference_RowByRow()
    {
        var rng = new Rng(4);
        const int rows = 7, length = 10;
        var x = new float[rows * length];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(30 * rng.NextGaussian());   // wide: e^(x − max) underflows for some
        var y = new float[x.Length];
        Activations.Softmax<float>(x, y, rows, length);
        for (var s = 0; s < rows; s++)
        {
            var max = Enumerable.Range(0, length).Max(j => (double)x[s * length + j]);
            var sum = Enumerable.Range(0, length).Sum(j => Math.Exp(x[s * length + j] - max));
            for (var j = 0; j < length; j++)
                Assert.Equal(Math.Exp(x[s * length + j] - max) / sum, y[s * length + j], 1e-6);
        }
        Assert.Throws<ArgumentException>(() => Activations.Softmax<float>(x, new float[5], rows, length));
    }

    [Fact]
    public void Softmax_InARegister_HasTheBitsOfTheRowVersion_AndZeroPastTheRow()
    {
        // Rows of every length a register holds, with values that underflow, ties, ±0, ±∞ and NaN; the lanes past the
        // row hold values that would win the maximum if they were counted.
        var rng = new Rng(12);
        float[] specials = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 100f, -100f, 88f];
        for (var length = 1; length <= 8; length++)
        {
            for (var trial = 0; trial < 200; trial++)
            {
                var row = new float[8];
                for (var i = 0; i < 8; i++)
                    row[i] = i >= length ? 1e6f : trial % 10 == 0 ? specials[rng.NextInt(specials.Length)] : (float)(20 * rng.NextGaussian());
                if (trial % 7 == 0 && length > 1) row[1] = row[0];
                var expected = new float[length];
                Activations.Softmax<float>(row.AsSpan(0, length), expected, 1, length);
                var actual = Register(Vector256.Create(row), length);
                for (var i = 0; i < 8; i++)
                {
                    var want = i < length ? expected[i] : 0f;
                    Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(actual[i]) || (float.IsNaN(want) && float.IsNaN(actual[i])),
                        $"length {length}, lane {i}: {actual[i]:R}, the row gives {want:R}; row [{string.Join(", ", row)}]");
                }
            }
        }

        static Vector256<float> Register(Vector256<float> x, int length) => length switch
        {
            1 => Activations.Softmax(x, 1), 2 => Activations.Softmax(x, 2), 3 => Activations.Softmax(x, 3), 4 => Activations.Softmax(x, 4),
            5 => Activations.Softmax(x, 5), 6 => Activations.Softmax(x, 6), 7 => Activations.Softmax(x, 7), _ => Activations.Softmax(x, 8),
        };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void Softmax_AnyRowLength_InPlaceOrNot_MatchesADoubleReference(int length)
    {
        // Lengths below, at and past a vector (8 floats here, 4 doubles), where a row's last vector overlaps the one
        // before it; in place, that vector is read before the row is written.
        const int rows = 5;
        var rng = new Rng(9);
        var x = new double[rows * length];
        for (var i = 0; i < x.Length; i++) x[i] = 8 * rng.NextGaussian();
        var floats = x.Select(v => (float)v).ToArray();
        var separate = new float[x.Length];
        Activations.Softmax<float>(floats, separate, rows, length);
        var inPlace = (float[])floats.Clone();
        Activations.Softmax<float>(inPlace, inPlace, rows, length);
        var doubles = (double[])x.Clone();
        Activations.Softmax<double>(doubles, doubles, rows, length);
        for (var s = 0; s < rows; s++)
        {
            var row = Enumerable.Range(s * length, length).ToArray();
            var max = row.Max(i => (double)floats[i]);
            var sum = row.Sum(i => Math.Exp(floats[i] - max));
            var doubleMax = row.Max(i => x[i]);
            var doubleSum = row.Sum(i => Math.Exp(x[i] - doubleMax));
            foreach (var i in row)
            {
                Assert.Equal(Math.Exp(floats[i] - max) / sum, separate[i], 1e-6);
                Assert.Equal(BitConverter.SingleToInt32Bits(separate[i]), BitConverter.SingleToInt32Bits(inPlace[i]));
                Assert.Equal(Math.Exp(x[i] - doubleMax) / doubleSum, doubles[i], 1e-14);
            }
        }
    }

    [Fact]
    public void Softmax_NaNSpoilsOnlyItsRow_SignedZerosAndInfinityAreOrdinary()
    {
        // Row 0: a NaN past the first vector; row 1: −0 and +0 as the largest; row 2: −∞ among finite values; row 3: +∞.
        const int length = 10;
        float[] x =
        [
            1, 2, 3, 4, 5, 6, 7, 8, float.NaN, 0,
            -0f, 0f, -1, -2, -3, -4, -5, -6, -7, -0f,
            float.NegativeInfinity, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            0, 0, 0, 0, 0, 0, 0, 0, 0, float.PositiveInfinity,
        ];
        var y = new float[x.Length];
        Activations.Softmax<float>(x, y, 4, length);
        Assert.All(y[..10], v => Assert.True(float.IsNaN(v)));
        Assert.Equal(1 / (3 + Enumerable.Range(1, 7).Sum(k => Math.Exp(-k))), y[10], 1e-6);
        Assert.Equal(y[10], y[11]);
        Assert.Equal(0f, y[20]);
        Assert.All(y[21..30], v => Assert.Equal(1 / 9.0, v, 1e-6));
        Assert.True(float.IsNaN(y[39]), "∞ − ∞ in the shift is NaN");
    }
}
