using UniversalApproximation;

namespace NnGen.Tests.Lessons;

public class UniversalApproximationTests
{
    [Fact]
    public void OneHiddenLayer_FitsSineWithMseBelow1e3()
    {
        var result = UniversalApproximationLesson.Fit();

        Assert.True(result.MeanSquaredError < 1e-3, $"MSE on [-π, π] is {result.MeanSquaredError:E2}");
    }
}
