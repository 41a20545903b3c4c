using ScottPlot;

namespace Ising;

/// <summary>The PNG figures of the experiment, sized for a slide.</summary>
public static class Plots
{
    public const int Width = 900, Height = 600;

    /// <summary>Mean P(ordered) against T for each lattice size, with the seeds' spread and T_c marked.</summary>
    public static void PhaseDiagram(IReadOnlyList<PhaseResult> results, string path)
    {
        var plot = new Plot();
        foreach (var result in results)
        {
            var temperatures = result.Temperatures.ToArray();
            var line = plot.Add.Scatter(temperatures, result.MeanPOrdered);
            line.LegendText = $"L = {result.L}: T* = {result.TStar:F3} ± {result.TStarError:F3}";
            line.LineWidth = 2;
            var spread = plot.Add.ErrorBar(temperatures, result.MeanPOrdered, result.SpreadPOrdered);
            spread.Color = line.Color;
        }
        MarkCriticalTemperature(plot);
        var half = plot.Add.HorizontalLine(0.5);
        half.LinePattern = LinePattern.Dotted;
        half.Color = Colors.Gray;
        plot.Title("CNN trained on T ≤ 2.0 and T ≥ 2.6: P(ordered) against temperature");
        plot.XLabel("temperature T (J / k_B)");
        plot.YLabel("mean P(ordered) on test configurations");
        plot.Axes.SetLimitsY(-0.05, 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>Tanaka &amp; Tomiya's order parameter: the final layer's weight sum per temperature class.</summary>
    public static void WeightOrderParameter(IReadOnlyList<TemperatureResult> results, string path)
    {
        var plot = new Plot();
        foreach (var result in results)
        {
            var line = plot.Add.Scatter(result.Temperatures.ToArray(), result.WeightSums);
            line.LegendText = $"L = {result.L}: changes at T = {result.ChangeTemperature:F2}";
            line.LineWidth = 2;
        }
        MarkCriticalTemperature(plot);
        plot.Title("Temperature classifier: sum of the output layer's weights per class");
        plot.XLabel("temperature class T (J / k_B)");
        plot.YLabel("W(T) = Σⱼ W[T, j]");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    private static void MarkCriticalTemperature(Plot plot)
    {
        var critical = plot.Add.VerticalLine(Exact.CriticalTemperature);
        critical.LinePattern = LinePattern.Dashed;
        critical.Color = Colors.Black;
        critical.LegendText = $"T_c = 2/ln(1+√2) = {Exact.CriticalTemperature:F4}";
    }

    private static void Save(Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
    }
}
