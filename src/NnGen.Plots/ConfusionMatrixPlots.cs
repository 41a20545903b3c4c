using System.Globalization;
using ScottPlot;

namespace NnGen;

/// <summary>A <see cref="ConfusionMatrix"/> as a PNG heatmap.</summary>
public static class ConfusionMatrixPlots
{
    /// <summary>
    /// Writes the matrix as a heatmap: one row per actual class (the first at the top), one column per predicted
    /// class, the class labels on the axes and each cell's count written in it. A cell's colour is its count divided
    /// by its row's total (white for 0, dark blue for 1), so each class's recall reads down the diagonal however
    /// unbalanced the classes are; a row without samples stays white.
    /// </summary>
    /// <param name="matrix">The counts to draw.</param>
    /// <param name="path">The PNG to write; its folder is created if missing and an existing file is replaced atomically.</param>
    /// <param name="width">The image width in pixels, &gt; 0.</param>
    /// <param name="height">The image height in pixels, &gt; 0.</param>
    /// <param name="title">The image title; "confusion matrix" with the accuracy when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not positive.</exception>
    public static void SaveImage(this ConfusionMatrix matrix, string path, int width = 700, int height = 600, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        PngFile.CheckTarget(path, width, height);

        // The count text scales with the cell, within what stays legible and fits four digits.
        var fontSize = Math.Clamp(Math.Min(width, height) / (matrix.Classes + 2f) * 0.28f, 7f, 18f);
        PngFile.WriteAtomically(path, HeatmapFigure(matrix, fontSize, title).GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>The figure that <see cref="SaveImage"/> renders: a rectangle and a count per cell, centred on (predicted, actual).</summary>
    internal static Plot HeatmapFigure(ConfusionMatrix matrix, float fontSize, string? title)
    {
        var n = matrix.Classes;
        var plot = new Plot();
        var colormap = new ScottPlot.Colormaps.Blues();
        for (var actual = 0; actual < n; actual++)
        {
            var rowTotal = 0;
            for (var predicted = 0; predicted < n; predicted++) rowTotal += matrix[actual, predicted];
            for (var predicted = 0; predicted < n; predicted++)
            {
                // Cell (actual, predicted) is centred on x = predicted, y = actual; the y axis runs downwards.
                var count = matrix[actual, predicted];
                var fraction = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var cell = plot.Add.Rectangle(predicted - 0.5, predicted + 0.5, actual - 0.5, actual + 0.5);
                cell.FillStyle.Color = colormap.GetColor(1 - fraction); // ScottPlot's Blues runs from dark (0) to white (1)
                cell.LineStyle.Color = Colors.LightGray;
                cell.LineStyle.Width = 1;

                var text = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), predicted, actual);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontColor = fraction > 0.5 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, n).Select(c => (double)c).ToArray();
        var labels = matrix.Labels.ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimits(-0.5, n - 0.5, n - 0.5, -0.5); // inverted y: the first actual class on top
        plot.HideGrid();
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title(title ?? $"confusion matrix: {matrix.Total} samples, accuracy {(matrix.Total == 0 ? "n/a" : matrix.Accuracy.ToString("P2", CultureInfo.InvariantCulture))}");
        return plot;
    }
}
