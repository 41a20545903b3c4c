using ScottPlot;

namespace NnGen.Plots.Tests;

/// <summary>What the confusion-matrix figure holds before it becomes pixels: where each count is written and how its cell is coloured.</summary>
public sealed class ConfusionMatrixFigureTests
{
    [Fact]
    public void EachCount_IsWrittenAtPredictedColumnAndActualRow()
    {
        // Asymmetric so that swapping rows and columns would move the numbers: 7 samples of class 0 taken for class 2.
        var matrix = new ConfusionMatrix(3);
        for (var k = 0; k < 7; k++) matrix.Add(actual: 0, predicted: 2);
        matrix.Add(actual: 1, predicted: 1);

        var texts = ConfusionMatrixPlots.HeatmapFigure(matrix, 12, null).GetPlottables().OfType<ScottPlot.Plottables.Text>().ToArray();

        Assert.Equal(9, texts.Length);
        var seven = Assert.Single(texts, t => t.LabelText == "7");
        Assert.Equal(new Coordinates(2, 0), seven.Location);
        var one = Assert.Single(texts, t => t.LabelText == "1");
        Assert.Equal(new Coordinates(1, 1), one.Location);
    }

    [Fact]
    public void FirstActualClass_IsAtTheTop()
    {
        var plot = ConfusionMatrixPlots.HeatmapFigure(new ConfusionMatrix(4), 12, null);

        var limits = plot.Axes.GetLimits();
        Assert.Equal(-0.5, limits.Top);
        Assert.Equal(3.5, limits.Bottom);
    }

    [Fact]
    public void CellColour_FollowsTheRowFraction_NotTheCount()
    {
        // Row 0: 1 of 1 right (fraction 1). Row 1: 10 of 100 confused with class 0 (fraction 0.1), more samples but a
        // smaller fraction, so its cell must be lighter than the single correct sample's.
        var matrix = new ConfusionMatrix(2);
        matrix.Add(0, 0);
        for (var k = 0; k < 10; k++) matrix.Add(1, 0);
        for (var k = 0; k < 90; k++) matrix.Add(1, 1);

        var cells = ConfusionMatrixPlots.HeatmapFigure(matrix, 12, null).GetPlottables().OfType<ScottPlot.Plottables.Rectangle>().ToArray();

        Assert.Equal(4, cells.Length);
        var full = Cell(cells, predicted: 0, actual: 0).FillStyle.Color;
        var tenth = Cell(cells, predicted: 0, actual: 1).FillStyle.Color;
        var none = Cell(cells, predicted: 1, actual: 0).FillStyle.Color;
        Assert.True(Lightness(full) < Lightness(tenth), $"fraction 1 ({full}) should be darker than fraction 0.1 ({tenth})");
        Assert.True(Lightness(tenth) < Lightness(none), $"fraction 0.1 ({tenth}) should be darker than fraction 0 ({none})");
    }

    private static ScottPlot.Plottables.Rectangle Cell(ScottPlot.Plottables.Rectangle[] cells, int predicted, int actual) =>
        Assert.Single(cells, c => c.CoordinateRect.HorizontalCenter == predicted && c.CoordinateRect.VerticalCenter == actual);

    private static int Lightness(Color color) => color.R + color.G + color.B;
}
