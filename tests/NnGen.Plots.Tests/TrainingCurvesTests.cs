using NnGen.Plots.Tests.Support;

namespace NnGen.Plots.Tests;

public sealed class TrainingCurvesTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void RegressionHistory_WithNullAccuracies_WritesPngOfRequestedSize()
    {
        var history = Histories.Regression();
        Assert.All(history, e => Assert.Null(e.TrainAccuracy));
        var path = _folder.File("regression.png");

        history.SaveTrainingCurves(path, 640, 480, "y = 2x − 1");

        Assert.Equal((640, 480), Png.ReadSize(path));
    }

    [Fact]
    public void ClassificationHistory_WithValidation_WritesPngOfRequestedSize()
    {
        var history = Histories.ClassificationWithValidation();
        Assert.All(history, e =>
        {
            Assert.NotNull(e.TrainAccuracy);
            Assert.NotNull(e.ValidationLoss);
            Assert.NotNull(e.ValidationAccuracy);
        });
        var path = _folder.File("classification.png");

        history.SaveTrainingCurves(path);

        Assert.Equal((900, 600), Png.ReadSize(path));
    }

    [Fact]
    public void SingleEpochHistory_Renders()
    {
        var path = _folder.File("one.png");

        Histories.Regression(epochs: 1).SaveTrainingCurves(path, 300, 200);

        Assert.Equal((300, 200), Png.ReadSize(path));
    }

    [Fact]
    public void MissingFolder_IsCreated()
    {
        var path = Path.Combine(_folder.Path, "a", "b", "curves.png");

        Histories.Regression().SaveTrainingCurves(path);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void ExistingFile_IsReplaced_AndNoTemporaryFileIsLeft()
    {
        var path = _folder.File("curves.png");
        File.WriteAllText(path, "not a png");

        Histories.ClassificationWithValidation().SaveTrainingCurves(path, 500, 400);

        Assert.Equal((500, 400), Png.ReadSize(path));
        Assert.Equal(["curves.png"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void NullHistory_Throws() =>
        Assert.Throws<ArgumentNullException>("history", () => TrainingPlots.SaveTrainingCurves(null!, _folder.File("x.png")));

    [Fact]
    public void NullPath_Throws() =>
        Assert.Throws<ArgumentNullException>("path", () => Histories.Regression().SaveTrainingCurves(null!));

    [Fact]
    public void BlankPath_Throws() =>
        Assert.Throws<ArgumentException>("path", () => Histories.Regression().SaveTrainingCurves("  "));

    [Theory]
    [InlineData(0, 600, "width")]
    [InlineData(-1, 600, "width")]
    [InlineData(900, 0, "height")]
    [InlineData(900, -5, "height")]
    public void NonPositiveSize_Throws_AndWritesNothing(int width, int height, string parameter)
    {
        var path = _folder.File("x.png");

        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => Histories.Regression().SaveTrainingCurves(path, width, height));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void EmptyHistory_Throws()
    {
        // Fit refuses zero epochs and History's constructor is internal, so reflection is the only way to build the
        // empty History that SaveTrainingCurves must still refuse (a future public constructor or deserializer could make one).
        var constructor = typeof(History).GetConstructor(
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic,
            [typeof(EpochReport[]), typeof(int), typeof(bool)]);
        Assert.NotNull(constructor);
        var empty = (History)constructor.Invoke([Array.Empty<EpochReport>(), 0, false]);

        var exception = Assert.Throws<ArgumentException>("history", () => empty.SaveTrainingCurves(_folder.File("x.png")));
        Assert.Contains("no epochs", exception.Message);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }
}
