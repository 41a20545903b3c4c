using HookesLaw;

namespace NnGen.Tests.Lessons;

public class HookesLawTests
{
    [Fact]
    public void GradientDescent_RecoversSpringConstantAndOffsetWithin1Percent()
    {
        var fit = HookesLawLesson.Fit(HookesLawLesson.Measurements());

        Assert.InRange(fit.K, 0.99 * HookesLawLesson.TrueK, 1.01 * HookesLawLesson.TrueK);
        Assert.InRange(fit.B, 0.99 * HookesLawLesson.TrueB, 1.01 * HookesLawLesson.TrueB);
    }

    [Fact]
    public void GradientDescent_ConvergesToTheLeastSquaresSolution()
    {
        var fit = HookesLawLesson.Fit(HookesLawLesson.Measurements());

        Assert.Equal(fit.LeastSquaresK, fit.K, 1e-4);
        Assert.Equal(fit.LeastSquaresB, fit.B, 1e-3);
        Assert.True(fit.History[^1].TrainLoss < fit.History[0].TrainLoss / 100);
    }
}
