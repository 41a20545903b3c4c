using System.Collections.Generic;
using NnGen.Generators.Model;

namespace NnGen.Generators.Planning;

/// <summary>Matches each [Residual] with the [EndResidual] that closes it, innermost first, like brackets.</summary>
internal static class Residuals
{
    /// <summary>Residual index → EndResidual index over <paramref name="layers"/>; reports the unmatched ones.</summary>
    public static Dictionary<int, int> Pair(List<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var pairs = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is ResidualSpec) open.Push(i);
            else if (layers[i] is EndResidualSpec && open.Count > 0) pairs[open.Pop()] = i;
            else if (layers[i] is EndResidualSpec)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EndResidualWithoutResidual, layers[i].Location));
        }
        foreach (var unclosed in open)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResidualNotClosed, layers[unclosed].Location));
        return pairs;
    }
}
