using ScottPlot;

namespace NnGen;

/// <summary>Training curves of a <see cref="History"/> as a PNG.</summary>
public static class TrainingPlots
{
    /// <summary>
    /// Writes one PNG of the loss and accuracy per epoch. The image holds two panels side by side (a ScottPlot
    /// <see cref="Multiplot"/> in columns): on the left the training loss and, when Fit had a validation set, the
    /// validation loss; on the right the training and validation accuracy in percent. For regression, where every
    /// accuracy is null, the image holds the loss panel alone. Epochs are numbered from 1 on the x axes.
    /// Losses that are not finite (a diverged fit) are left out of the curve rather than breaking the axes.
    /// </summary>
    /// <param name="history">What Fit returned; at least one epoch.</param>
    /// <param name="path">The PNG to write; its folder is created if missing and an existing file is replaced atomically.</param>
    /// <param name="width">The image width in pixels, &gt; 0.</param>
    /// <param name="height">The image height in pixels, &gt; 0.</param>
    /// <param name="title">Put before each panel's title ("{title}: loss"), or nothing when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="history"/> has no epochs, or <paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not positive.</exception>
    public static void SaveTrainingCurves(this History history, string path, int width = 900, int height = 600, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        PngFile.CheckTarget(path, width, height);
        if (history.Count == 0) throw new ArgumentException("The history has no epochs to plot: Fit ran no epoch.", nameof(history));

        PngFile.WriteAtomically(path, CurvesFigure(history, title).Render(width, height).GetImageBytes(ImageFormat.Png));
    }

    /// <summary>The figure that <see cref="SaveTrainingCurves"/> renders: the loss panel, then the accuracy panel when any accuracy is known.</summary>
    internal static Multiplot CurvesFigure(History history, string? title)
    {
        var hasAccuracy = history.Any(e => e.TrainAccuracy is not null || e.ValidationAccuracy is not null);
        var loss = new Plot();
        AddCurve(loss, history, e => e.TrainLoss, "training");
        AddCurve(loss, history, e => e.ValidationLoss, "validation");
        Decorate(loss, Titled(title, "loss"), "loss", Alignment.UpperRight);

        // A new Multiplot already holds one empty plot; Reset makes the loss plot its only one.
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Columns() };
        multiplot.Reset(loss);

        if (hasAccuracy)
        {
            var accuracy = multiplot.AddPlot();
            var percents = AddCurve(accuracy, history, e => 100 * e.TrainAccuracy, "training")
                .Concat(AddCurve(accuracy, history, e => 100 * e.ValidationAccuracy, "validation"))
                .ToArray();
            Decorate(accuracy, Titled(title, "accuracy"), "accuracy (%)", Alignment.LowerRight);
            LimitToPercentRange(accuracy, percents);
        }

        return multiplot;
    }

    /// <summary>
    /// One line with markers through the epochs where <paramref name="value"/> is a finite number; nothing when there
    /// is none. Returns the values drawn.
    /// </summary>
    private static double[] AddCurve(Plot plot, History history, Func<EpochReport, double?> value, string legend)
    {
        var points = history
            .Select(e => (Epoch: (double)e.Epoch, Value: value(e)))
            .Where(p => p.Value is { } v && double.IsFinite(v))
            .ToArray();
        if (points.Length == 0) return [];

        var curve = plot.Add.Scatter(points.Select(p => p.Epoch).ToArray(), points.Select(p => p.Value!.Value).ToArray());
        curve.LegendText = legend;
        curve.LineWidth = 2;
        curve.MarkerSize = points.Length <= 50 ? 6 : 0;
        return [.. points.Select(p => p.Value!.Value)];
    }

    /// <summary>
    /// Fits the y axis to the accuracies with a margin, but never beyond what a percentage can be, so a flat 100 %
    /// does not get an axis running to 101 % and a spread of 97–98 % is not squashed against 0–100.
    /// </summary>
    private static void LimitToPercentRange(Plot plot, double[] percents)
    {
        if (percents.Length == 0) return;
        var (lowest, highest) = (percents.Min(), percents.Max());
        var margin = Math.Max(1, 0.1 * (highest - lowest));
        plot.Axes.SetLimitsY(Math.Max(-0.5, lowest - margin), Math.Min(100.5, highest + margin));
    }

    private static void Decorate(Plot plot, string title, string yLabel, Alignment legend)
    {
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(legend);
    }

    private static string Titled(string? title, string panel) => string.IsNullOrWhiteSpace(title) ? panel : $"{title}: {panel}";
}
