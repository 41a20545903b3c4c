using NnGen.Plots.Tests.Support;

namespace NnGen.Plots.Tests;

public sealed class ConfusionMatrixImageTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ThreeClassesWithLabels_WritesPngOfRequestedSize()
    {
        var matrix = new ConfusionMatrix([0, 0, 0, 1, 1, 2, 2, 2, 2], [0, 0, 1, 1, 2, 2, 2, 0, 2], 3, ["setosa", "versicolor", "virginica"]);
        var path = _folder.File("iris.png");

        matrix.SaveImage(path, 500, 400, "iris");

        Assert.Equal((500, 400), Png.ReadSize(path));
    }

    [Fact]
    public void TenClasses_WritesPngOfDefaultSize()
    {
        var matrix = new ConfusionMatrix(10);
        for (var actual = 0; actual < 10; actual++)
        {
            for (var predicted = 0; predicted < 10; predicted++)
            {
                var count = actual == predicted ? 950 + actual : (actual + 3 * predicted) % 7;
                for (var k = 0; k < count; k++) matrix.Add(actual, predicted);
            }
        }

        var path = _folder.File("digits.png");

        matrix.SaveImage(path);

        Assert.Equal((700, 600), Png.ReadSize(path));
    }

    [Fact]
    public void EmptyMatrixAndEmptyRows_Render()
    {
        // Row-normalizing divides by the row total; rows without samples must not produce NaN colours or throw.
        var path = _folder.File("empty.png");

        new ConfusionMatrix(3).SaveImage(path, 300, 300);

        Assert.Equal((300, 300), Png.ReadSize(path));
    }

    [Fact]
    public void MissingFolder_IsCreated_AndNoTemporaryFileIsLeft()
    {
        var folder = Path.Combine(_folder.Path, "nested");
        var path = Path.Combine(folder, "confusion.png");

        new ConfusionMatrix([0, 1], [0, 1], 2).SaveImage(path);

        Assert.Equal(["confusion.png"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void DifferentCounts_GiveDifferentImages()
    {
        var good = _folder.File("good.png");
        var bad = _folder.File("bad.png");

        new ConfusionMatrix([0, 0, 1, 1], [0, 0, 1, 1], 2).SaveImage(good, 300, 300, "t");
        new ConfusionMatrix([0, 0, 1, 1], [1, 1, 0, 0], 2).SaveImage(bad, 300, 300, "t");

        Assert.NotEqual(File.ReadAllBytes(good), File.ReadAllBytes(bad));
    }

    [Fact]
    public void NullMatrix_Throws() =>
        Assert.Throws<ArgumentNullException>("matrix", () => ConfusionMatrixPlots.SaveImage(null!, _folder.File("x.png")));

    [Fact]
    public void NullPath_Throws() =>
        Assert.Throws<ArgumentNullException>("path", () => new ConfusionMatrix(2).SaveImage(null!));

    [Theory]
    [InlineData(0, 600, "width")]
    [InlineData(700, -1, "height")]
    public void NonPositiveSize_Throws_AndWritesNothing(int width, int height, string parameter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => new ConfusionMatrix(2).SaveImage(_folder.File("x.png"), width, height));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }
}
