using System.Globalization;
using System.Linq;
using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>Shape arithmetic and formatting shared by Plan and the emitters.</summary>
internal static class Shapes
{
    public static int Length(EquatableArray<int> shape) => shape.Aggregate(1, (product, d) => product * d);

    /// <summary>A sample's shape as the user reads it: <c>(784)</c>, <c>(1, 28, 28)</c>.</summary>
    public static string Format(EquatableArray<int> shape) => "(" + string.Join(", ", shape) + ")";

    /// <summary>A batch's shape in comments: <c>(n, 784)</c>.</summary>
    /// <summary>A number as C# and every reader writes it, whatever the machine's culture.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatBatch(EquatableArray<int> shape) => "(n, " + string.Join(", ", shape) + ")";
}
