using Iris;

namespace NnGen.Tests.Lessons;

public class IrisLessonTests
{
    [Fact]
    public void HeldOutFlowers_AreClassifiedAtLeast95PercentRight_OnAverageOver20Splits()
    {
        var accuracies = IrisLesson.AccuracyOverSplits(20);

        Assert.True(accuracies.Average() >= 0.95, $"mean test accuracy {accuracies.Average():P1}");
        Assert.True(accuracies.Min() >= 0.9, $"lowest test accuracy {accuracies.Min():P1}");
    }
}
