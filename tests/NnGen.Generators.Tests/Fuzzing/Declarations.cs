using System.Globalization;
using System.Text;
using CsCheck;

namespace NnGen.Generators.Tests.Fuzzing;

/// <summary>
/// One random network declaration, as the fuzzer writes it: the class (namespace, containing types, modifiers,
/// type parameters, partial parts) and its attribute lists. <see cref="Render"/> turns it into source whose class is
/// named <c>Case{index}</c>, so that many cases share one compilation without clashing.
/// </summary>
/// <param name="Structured">Whether the stack was built shape by shape (mostly valid) or from unrelated attributes.</param>
/// <param name="AttributeLists">The attribute lists in source order, each the text between its brackets.</param>
/// <param name="Shell">The declaration around them.</param>
internal sealed record Declaration(bool Structured, string[] AttributeLists, Shell Shell)
{
    /// <summary>Source for one file: usings, namespace, containing types, the class with its attribute lists.</summary>
    public string Render(int index)
    {
        var name = $"Case{index}";
        var text = new StringBuilder();
        if (Shell.Using) text.Append("using NnGen;\n");
        var lists = AttributeLists.Select(list => Shell.Using ? list : Qualify(list)).ToArray();
        var split = Shell.SplitAt is { } at && at < lists.Length ? at : lists.Length;

        var closers = new Stack<string>();
        switch (Shell.Namespace)
        {
            case 1: text.Append($"namespace Fuzz.N{index};\n"); break;
            case 2: text.Append($"namespace Fuzz{index}\n{{\n"); closers.Push("}\n"); break;
        }

        for (var level = 0; level < Shell.Containers.Length; level++)
        {
            text.Append(Shell.Containers[level].Replace("Outer", $"Outer{index}L{level}", StringComparison.Ordinal)).Append("\n{\n");
            closers.Push("}\n");
        }

        foreach (var list in lists.Take(split)) text.Append('[').Append(list).Append("]\n");
        text.Append(Shell.Modifiers).Append(' ').Append(name).Append(Shell.TypeParameters).Append(Shell.Body).Append('\n');
        if (split < lists.Length)
        {
            foreach (var list in lists.Skip(split)) text.Append('[').Append(list).Append("]\n");
            text.Append("partial class ").Append(name).Append(Shell.TypeParameters).Append(" { }\n");
        }

        while (closers.Count > 0) text.Append(closers.Pop());
        return text.ToString();
    }

    /// <summary>Writes every NnGen attribute and enum with its namespace, for files without <c>using NnGen;</c>.</summary>
    private static string Qualify(string list)
    {
        var names = new[]
        {
            "Input", "Dense", "Activation", "Dropout", "Flatten", "Loss", "Conv2D", "MaxPool2D", "AvgPool2D", "BatchNorm",
            "Residual", "EndResidual", "Act.", "LossKind.", "Precision.", "Padding.", "(Act)", "(LossKind)", "(Padding)",
        };
        var result = new StringBuilder();
        var i = 0;
        while (i < list.Length)
        {
            var atWordStart = i == 0 || !(char.IsLetterOrDigit(list[i - 1]) || list[i - 1] == '.');
            var match = atWordStart ? names.FirstOrDefault(n => string.CompareOrdinal(list, i, n, 0, n.Length) == 0
                && (n.EndsWith('.') || n.EndsWith(')') || i + n.Length >= list.Length || !char.IsLetterOrDigit(list[i + n.Length]))) : null;
            if (match is null)
            {
                result.Append(list[i++]);
                continue;
            }

            if (match.StartsWith('(')) result.Append("(NnGen.").Append(match, 1, match.Length - 1);
            else result.Append("NnGen.").Append(match);
            i += match.Length;
        }

        return result.ToString();
    }

    public override string ToString() => Render(0);
}

/// <summary>The declaration around a network's attributes.</summary>
/// <param name="Using">Whether the file has <c>using NnGen;</c>; otherwise every name is written in full.</param>
/// <param name="Namespace">0: the global namespace; 1: a file-scoped namespace; 2: a block namespace.</param>
/// <param name="Containers">Containing type headers, outermost first (<c>public partial class Outer</c>).</param>
/// <param name="Modifiers">The class's modifiers and keyword (<c>public sealed partial class</c>).</param>
/// <param name="TypeParameters">Empty, or <c>&lt;T&gt;</c> and the like.</param>
/// <param name="Body">The class body: <c>;</c>, <c> { }</c> or a body with a member.</param>
/// <param name="SplitAt">When set, the attribute lists from this one on go on a second partial declaration.</param>
internal sealed record Shell(bool Using, int Namespace, string[] Containers, string Modifiers, string TypeParameters, string Body, int? SplitAt);

/// <summary>CsCheck generators of network declarations: half built shape by shape, half from unrelated attributes.</summary>
internal static class DeclarationGen
{
    private static string Number(double value) => value switch
    {
        double.NaN => "double.NaN",
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static readonly string[] Activations = ["Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax", "Step"];
    private static readonly string[] Losses = ["MeanSquaredError", "CrossEntropy", "BinaryCrossEntropy"];
    private static readonly string[] Paddings = ["Valid", "Same", "Full"];

    /// <summary>Sizes: mostly small and valid, sometimes zero, negative or huge.</summary>
    private static readonly Gen<int> Size = Gen.Frequency(
        (8, Gen.Int[1, 6]),
        (2, Gen.Int[7, 40]),
        (1, Gen.OneOf(0, -1, -7, 1 << 16, 100_000, int.MaxValue, int.MinValue)));

    private static readonly Gen<double> Fraction = Gen.Frequency(
        (6, Gen.OneOf(0.0, 0.1, 0.2, 0.5, 0.9, 0.99, 1e-5)),
        (1, Gen.OneOf(1.0, 1.5, -0.5, -1e-9, 0.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0, 1e308)));

    private static Gen<string> Named(string name, Gen<string> value) =>
        Gen.Frequency((3, Gen.Const("")), (2, value.Select(v => $", {name} = {v}")));

    private static readonly Gen<string> Enum = Gen.Frequency(
        (10, Gen.OneOf(Activations).Select(a => $"Act.{a}")),
        (1, Gen.OneOf("(Act)42", "(Act)(-1)", "default(Act)")));

    /// <summary>Any one layer attribute, its arguments valid or not.</summary>
    private static readonly Gen<string> AnyAttribute = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 4], Size.Array[4], Named("Precision", Gen.OneOf("Precision.Double", "Precision.Single", "(Precision)7")),
            (rank, sizes, precision) => $"Input({string.Join(", ", sizes.Take(rank))}{precision})")),
        (4, Size.Select(units => $"Dense({units})")),
        (3, Gen.Select(Enum, Named("Alpha", Fraction.Select(Number)), (function, alpha) => $"Activation({function}{alpha})")),
        (1, Fraction.Select(rate => $"Dropout({Number(rate)})")),
        (2, Gen.Const("Flatten")),
        (3, Gen.Select(Size, Size, Named("Stride", Size.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            Named("Padding", Gen.OneOf(Paddings).Select(p => $"Padding.{p}")), Named("Bias", Gen.OneOf("false", "true")),
            (filters, kernel, stride, padding, bias) => $"Conv2D({filters}, kernel: {kernel}{stride}{padding}{bias})")),
        (2, Gen.Select(Gen.OneOf("MaxPool2D", "AvgPool2D"), Size, Named("Stride", Size.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            (pool, size, stride) => $"{pool}({size}{stride})")),
        (2, Gen.Select(Named("Momentum", Fraction.Select(Number)), Named("Epsilon", Fraction.Select(Number)),
            (momentum, epsilon) => momentum.Length + epsilon.Length == 0 ? "BatchNorm" : $"BatchNorm({(momentum + epsilon)[2..]})")),
        (2, Gen.OneOf("Residual", "EndResidual")),
        (2, Gen.OneOf(Losses).Select(l => $"Loss(LossKind.{l})")),
        (1, Gen.OneOf(
            "Dense(\"four\")", "Dense", "Dense(1.5)", "Dense(units: 3)", "Dense(2 + 3)", "Conv2D(2)", "Input(null)", "Input()",
            "Input(new int[0])", "Input(new[] { 2, 3 })", "Loss((LossKind)9)", "Loss(default)", "Activation(Act.LeakyReLU, Alpha = 1f)",
            "Activation(Act.LeakyReLU, Alpha = 2)", "Conv2D(2, 3, Padding = (Padding)5)", "MaxPool2D(2, Stride = -1)", "Dropout(1f)",
            "System.Obsolete", "Serializable", "Dense(int.MaxValue)", "Conv2D(int.MaxValue, int.MaxValue)")));

    /// <summary>Unrelated attributes in any order, grouped into lists of one to three.</summary>
    private static readonly Gen<string[]> ChaoticLists =
        AnyAttribute.Array[1, 3].Select(list => string.Join(", ", list)).Array[0, 9];

    /// <summary>A stack built layer by layer from the shape so far: mostly valid, with occasional wrong sizes and orders.</summary>
    private static readonly Gen<string[]> StructuredLists =
        Gen.Select(Gen.UInt.Array[48], Gen.Int[1, 3], (choices, grouping) => Structured(choices, grouping));

    private static readonly Gen<Shell> Shells = Gen.Select(
        Gen.Frequency((5, Gen.Const(true)), (1, Gen.Const(false))),
        Gen.Int[0, 2],
        Gen.Frequency(
            (8, Gen.Const(Array.Empty<string>())),
            (2, Gen.OneOf(
                "public partial class Outer", "internal static partial class Outer", "public partial class Outer<TOuter>",
                "public partial struct Outer", "public partial record Outer", "public partial record struct Outer", "public class Outer",
                "public partial interface Outer").Array[1, 2])),
        Gen.Frequency(
            (12, Gen.OneOf("public partial class", "internal partial class", "public sealed partial class", "partial class")),
            (1, Gen.OneOf("public class", "public static partial class", "public abstract partial class", "public partial struct",
                "public partial record", "public partial record class", "public unsafe partial class", "file partial class",
                "public partial class"))),
        Gen.Frequency((8, Gen.Const("")), (1, Gen.OneOf("<T>", "<TIn, TOut>", "<T> where T : struct"))),
        Gen.Frequency(
            (6, Gen.Const(";")),
            (2, Gen.Const(" { }")),
            (1, Gen.OneOf(" { public int Extra => 1; }", " { private readonly int _value = 2; }", " { public static int Layers = 3; }"))),
        Gen.Frequency((12, Gen.Const((int?)null)), (1, Gen.Int[0, 4].Select(i => (int?)i))),
        (usings, ns, containers, modifiers, typeParameters, body, split) => new Shell(usings, ns, containers, modifiers, typeParameters, body, split));

    /// <summary>Every case: half structured, half chaotic.</summary>
    public static readonly Gen<Declaration> Declaration = Gen.Select(
        Gen.Bool,
        StructuredLists,
        ChaoticLists,
        Shells,
        (structured, built, chaotic, shell) => new Declaration(structured, structured ? built : chaotic, shell));

    /// <summary>
    /// Interprets <paramref name="choices"/> as the decisions of a person writing a network: an [Input], then layers that
    /// fit the current shape (now and then one that does not), then often Flatten, Dense, an activation and a loss.
    /// </summary>
    private static string[] Structured(uint[] choices, int grouping)
    {
        var position = 0;
        int Pick(int n) => (int)(choices[position++ % choices.Length] % (uint)n);
        bool Chance(int percent) => Pick(100) < percent;

        var layers = new List<string>();
        int[] shape;
        if (Chance(55))
        {
            var side = 1 + Pick(9);
            shape = [1 + Pick(3), side, Chance(80) ? side : 1 + Pick(9)];
        }
        else
        {
            shape = [1 + Pick(12)];
        }

        layers.Add($"Input({string.Join(", ", shape)}{(Chance(30) ? ", Precision = Precision.Double" : "")})");
        var count = 1 + Pick(8);
        for (var l = 0; l < count; l++)
        {
            if (shape.Length == 3)
            {
                int c = shape[0], h = shape[1], w = shape[2];
                switch (Pick(9))
                {
                    case 0 or 1:
                        var filters = 1 + Pick(4);
                        var kernel = 1 + Pick(3);
                        var stride = Chance(80) ? 1 : 2;
                        var padding = Pick(3);
                        if (padding == 1 && kernel % 2 == 0 && Chance(80)) kernel--;
                        var bias = Chance(20) ? ", Bias = false" : "";
                        layers.Add($"Conv2D({filters}, kernel: {kernel}{(stride == 1 ? "" : ", Stride = 2")}{(padding == 0 ? "" : $", Padding = Padding.{Paddings[padding]}")}{bias})");
                        var pad = padding switch { 1 => (kernel - 1) / 2, 2 => kernel - 1, _ => 0 };
                        shape = [filters, Math.Max(1, (h + 2 * pad - kernel) / stride + 1), Math.Max(1, (w + 2 * pad - kernel) / stride + 1)];
                        break;
                    case 2:
                        var size = 1 + Pick(Chance(85) ? Math.Min(h, w) : 4);
                        var poolStride = Chance(70) ? 0 : 1 + Pick(2);
                        layers.Add($"{(Chance(50) ? "MaxPool2D" : "AvgPool2D")}({size}{(poolStride == 0 ? "" : $", Stride = {poolStride}")})");
                        var step = poolStride == 0 ? size : poolStride;
                        shape = [c, Math.Max(1, (h - size) / step + 1), Math.Max(1, (w - size) / step + 1)];
                        break;
                    case 3:
                        layers.Add(Chance(80) ? "BatchNorm" : "BatchNorm(Momentum = 0.2, Epsilon = 1e-3)");
                        break;
                    case 4 or 5:
                        layers.Add(HiddenActivation(Pick));
                        break;
                    case 6:
                        layers.Add($"Dropout({Number(Pick(5) / 10.0)})");
                        break;
                    case 7:
                        var same = Chance(85);
                        layers.Add("Residual");
                        layers.Add($"Conv2D({(same ? c : c + 1)}, kernel: {(Chance(70) ? 3 : 1)}, Padding = Padding.Same)");
                        if (Chance(50)) layers.Add("BatchNorm");
                        if (Chance(70)) layers.Add(HiddenActivation(Pick));
                        if (Chance(90)) layers.Add("EndResidual");
                        if (!same) shape = [c + 1, h, w];
                        break;
                    default:
                        layers.Add("Flatten");
                        shape = [c * h * w];
                        break;
                }
            }
            else
            {
                var n = shape[0];
                switch (Pick(7))
                {
                    case 0 or 1:
                        var units = 1 + Pick(Chance(90) ? 12 : 80);
                        layers.Add($"Dense({units})");
                        shape = [units];
                        break;
                    case 2 or 3:
                        layers.Add(HiddenActivation(Pick));
                        break;
                    case 4:
                        layers.Add(Chance(50) ? $"Dropout({Number(Pick(9) / 10.0)})" : "BatchNorm");
                        break;
                    case 5:
                        layers.Add("Residual");
                        layers.Add($"Dense({(Chance(85) ? n : n + 1)})");
                        if (Chance(60)) layers.Add(HiddenActivation(Pick));
                        layers.Add("EndResidual");
                        break;
                    default:
                        layers.Add(Chance(60) ? "Flatten" : $"Conv2D(2, kernel: 1)");
                        break;
                }
            }
        }

        if (Chance(60))
        {
            if (shape.Length == 3 && Chance(90)) layers.Add("Flatten");
            var outputs = 1 + Pick(5);
            layers.Add($"Dense({outputs})");
            switch (Pick(4))
            {
                case 0:
                    layers.Add("Activation(Act.Softmax)");
                    if (Chance(85)) layers.Add("Loss(LossKind.CrossEntropy)");
                    break;
                case 1:
                    layers.Add("Activation(Act.Sigmoid)");
                    if (Chance(85)) layers.Add("Loss(LossKind.BinaryCrossEntropy)");
                    break;
                case 2:
                    if (Chance(50)) layers.Add("Loss(LossKind.MeanSquaredError)");
                    break;
                default:
                    layers.Add($"Loss(LossKind.{Losses[Pick(3)]})");
                    break;
            }
        }

        // Now and then a person's slip: two attributes swapped, one repeated or one dropped.
        switch (Pick(12))
        {
            case 0 when layers.Count > 2:
                var i = Pick(layers.Count);
                var j = Pick(layers.Count);
                (layers[i], layers[j]) = (layers[j], layers[i]);
                break;
            case 1:
                layers.Insert(Pick(layers.Count + 1), layers[Pick(layers.Count)]);
                break;
            case 2 when layers.Count > 1:
                layers.RemoveAt(Pick(layers.Count));
                break;
        }

        var lists = new List<string>();
        for (var start = 0; start < layers.Count;)
        {
            var take = Math.Min(layers.Count - start, 1 + Pick(grouping + 1));
            lists.Add(string.Join(", ", layers.Skip(start).Take(take)));
            start += take;
        }

        return [.. lists];
    }

    private static string HiddenActivation(Func<int, int> pick) => pick(6) switch
    {
        0 => "Activation(Act.ReLU)",
        1 => "Activation(Act.Tanh)",
        2 => "Activation(Act.Sigmoid)",
        3 => "Activation(Act.LeakyReLU, Alpha = 0.1)",
        4 => "Activation(Act.Identity)",
        _ => "Activation(Act.ReLU)",
    };
}
