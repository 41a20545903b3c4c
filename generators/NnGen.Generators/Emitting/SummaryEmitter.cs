using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>The layer table shown by <c>Summary</c> and in the class's XML remarks.</summary>
internal static class SummaryEmitter
{
    public static IReadOnlyList<string> Lines(NetworkPlan plan, string lossDescription)
    {
        var rows = new List<(string Index, string Layer, string Output, string Parameters)>
        {
            ("", "Input", Shapes.Format(plan.InputShape), ""),
        };
        rows.AddRange(plan.Layers.Select(l => (l.Index.ToString(), l.Title, Shapes.Format(l.OutputShape),
            l.ParameterCount == 0 ? "" : l.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))));

        var layerWidth = System.Math.Max("Layer".Length, rows.Max(r => r.Layer.Length));
        var outputWidth = System.Math.Max("Output".Length, rows.Max(r => r.Output.Length));
        var lines = new List<string> { $"{plan.ClassName}: {(plan.Precision == Precision.Double ? "double" : "float")}" };
        lines.Add($"{"#",-3} {"Layer".PadRight(layerWidth)}  {"Output".PadRight(outputWidth)}  Parameters");
        lines.AddRange(rows.Select(r => $"{r.Index,-3} {r.Layer.PadRight(layerWidth)}  {r.Output.PadRight(outputWidth)}  {r.Parameters}".TrimEnd()));
        lines.Add($"Loss: {lossDescription}");
        lines.Add($"Parameters: {plan.ParameterCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}");
        return lines;
    }
}
