using NnGen.Plots.Tests.Support;
using ScottPlot;

namespace NnGen.Plots.Tests;

/// <summary>What the training-curves figure holds before it becomes pixels: panels, curves and their points.</summary>
public sealed class TrainingCurvesFigureTests
{
    [Fact]
    public void RegressionHistory_HasOnlyTheLossPanel_WithTheTrainingCurve()
    {
        var history = Histories.Regression(epochs: 5);

        var panels = TrainingPlots.CurvesFigure(history, title: null).GetPlots();

        var loss = Assert.Single(panels);
        var curve = Assert.Single(Curves(loss));
        Assert.Equal("training", curve.LegendText);
        Assert.Equal(history.Select(e => new Coordinates(e.Epoch, e.TrainLoss)), curve.Data.GetScatterPoints());
    }

    [Fact]
    public void ClassificationHistoryWithValidation_HasLossThenAccuracyPanel_EachWithTrainingAndValidation()
    {
        var history = Histories.ClassificationWithValidation(epochs: 4);

        var panels = TrainingPlots.CurvesFigure(history, title: "run").GetPlots();

        Assert.Equal(2, panels.Length);
        var loss = Curves(panels[0]);
        var accuracy = Curves(panels[1]);
        Assert.Equal(["training", "validation"], loss.Select(c => c.LegendText));
        Assert.Equal(["training", "validation"], accuracy.Select(c => c.LegendText));
        Assert.Equal(history.Select(e => new Coordinates(e.Epoch, e.ValidationLoss!.Value)), loss[1].Data.GetScatterPoints());
        Assert.Equal(history.Select(e => new Coordinates(e.Epoch, 100 * e.ValidationAccuracy!.Value)), accuracy[1].Data.GetScatterPoints());
        Assert.Equal("run: loss", panels[0].Axes.Title.Label.Text);
        Assert.Equal("run: accuracy", panels[1].Axes.Title.Label.Text);
    }

    [Fact]
    public void Epochs_StartAtOne()
    {
        var points = Curves(TrainingPlots.CurvesFigure(Histories.Regression(epochs: 3), null).GetPlots()[0])[0].Data.GetScatterPoints();

        Assert.Equal([1.0, 2.0, 3.0], points.Select(p => p.X));
    }

    private static ScottPlot.Plottables.Scatter[] Curves(Plot plot) => [.. plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>()];
}
