using LogicGates;

namespace NnGen.Tests.Lessons;

public class LogicGatesTests
{
    [Fact]
    public void OneNeuron_LearnsAndOrNot()
    {
        Assert.Equal(1.0, LogicGatesLesson.And().Accuracy);
        Assert.Equal(1.0, LogicGatesLesson.Or().Accuracy);
        Assert.Equal(1.0, LogicGatesLesson.Not().Accuracy);
    }

    [Fact]
    public void OneNeuron_CannotLearnXor()
    {
        Assert.True(LogicGatesLesson.XorWithOneNeuron().Accuracy <= 0.75);
    }

    [Fact]
    public void HiddenLayer_LearnsXorFromAtLeast8Of10Seeds()
    {
        var solved = Enumerable.Range(0, 10).Count(seed => LogicGatesLesson.XorWithHiddenLayer(seed).Accuracy == 1.0);

        Assert.True(solved >= 8, $"XOR trained from {solved} of 10 seeds");
    }
}
