using System.Globalization;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>How the emitted code spells the network's number type: its keyword, literals and math class.</summary>
internal sealed class NumberType(Precision precision)
{
    public string Name { get; } = precision == Precision.Double ? "double" : "float";

    public string Math { get; } = precision == Precision.Double ? "global::System.Math" : "global::System.MathF";

    public string Literal(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (precision == Precision.Double)
            return text.Contains(".") || text.Contains("E") ? text : text + ".0";
        return ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
    }
}
