namespace NnGen.Tests.Support;

/// <summary>Assertions on whole buffers, with the index of the first difference in the message.</summary>
public static class Buffers
{
    public static void Near(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"Element {i}: expected {expected[i]:R}, got {actual[i]:R} (difference {actual[i] - expected[i]:E2}, tolerance {tolerance:E0}).");
            }
        }
    }

    public static void RelativelyNear(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var scale = Math.Max(1, Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance * scale))
            {
                Assert.Fail($"Element {i}: expected {expected[i]:R}, got {actual[i]:R} (relative tolerance {tolerance:E0}).");
            }
        }
    }
}
