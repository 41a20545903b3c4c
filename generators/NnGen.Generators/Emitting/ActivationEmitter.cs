using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>An activation over n samples at once; each backward rule is printed beside its forward rule.</summary>
internal sealed class ActivationEmitter(ActivationPlan activation, NumberType number) : LayerEmitter(activation, number)
{
    protected override string Name => activation.Function.ToString();

    protected override string Kind => "Activation";

    protected override string DescriptionProperties =>
        $"Activation = {Names.Act}.{activation.Function}" + (activation.Function == Act.LeakyReLU ? $", Alpha = {Shapes.Number(activation.Alpha)}" : "");

    private int Length => activation.OutputLength;

    public override bool ForwardPassesThrough(bool training) => activation.Function == Act.Identity;

    protected override bool SamplesIndependent => true;

    /// <summary>Whether the product before it can apply this activation in its epilogue (in inference).</summary>
    public bool IsReLU => activation.Function == Act.ReLU;

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        if (activation.Function == Act.Identity) return;
        var zero = T.Literal(0);
        var one = T.Literal(1);
        var (forwardRule, backwardRule, rule) = activation.Function switch
        {
            Act.Sigmoid => (T.Name == "float" ? $"{Names.Activations}.Sigmoid(x, y);" : $"{Primitive("Sigmoid")}(x, y);",
                $"for (var i = 0; i < gx.Length; i++) gx[i] = gy[i] * y[i] * ({one} - y[i]);", "σ'(x) = y (1 − y)"),
            Act.Tanh => (T.Name == "float" ? $"{Names.Activations}.Tanh(x, y);" : $"{Primitive("Tanh")}(x, y);",
                $"for (var i = 0; i < gx.Length; i++) gx[i] = gy[i] * ({one} - y[i] * y[i]);", "tanh'(x) = 1 − y²"),
            Act.ReLU => ($"{Primitive("Max")}(x, {zero}, y);",
                $"{Names.Activations}.ReLUBackward<{T.Name}>(x, gy, gx);", "relu'(x) = 1 for x > 0, else 0"),
            Act.LeakyReLU => ($"for (var i = 0; i < y.Length; i++) y[i] = x[i] > {zero} ? x[i] : Alpha{Index} * x[i];",
                $"for (var i = 0; i < gx.Length; i++) gx[i] = x[i] > {zero} ? gy[i] : Alpha{Index} * gy[i];", "f'(x) = 1 for x > 0, else α"),
            Act.Step => ($"for (var i = 0; i < y.Length; i++) y[i] = x[i] >= {zero} ? {one} : {zero};",
                "gx.Clear();", "step'(x) = 0: no gradient flows through"),
            _ => (
                $"{Names.Activations}.Softmax<{T.Name}>(x, y, n, Length);",
                $"for (var s = 0; s < n; s++)\n{{\n    var ys = y.Slice(s * Length, Length);\n    var gys = gy.Slice(s * Length, Length);\n    var gxs = gx.Slice(s * Length, Length);\n    var dot = {Primitive("Dot")}(gys, ys);\n    for (var i = 0; i < Length; i++) gxs[i] = ys[i] * (gys[i] - dot);\n}}",
                "gx = y ⊙ (gy − ⟨gy, y⟩)"),
        };

        if (activation.Function == Act.LeakyReLU)
            writer.Line($"private const {T.Name} Alpha{Index} = {T.Literal(activation.Alpha)};").Line();
        writer.Line($"{Header}.");
        using (writer.Block($"private static void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y)"))
        {
            writer.Line($"const int Length = {Length};");
            writer.Line("x = x.Slice(0, n * Length);");
            writer.Line("y = y.Slice(0, n * Length);");
            writer.Lines(forwardRule);
        }
        if (!backward) return;
        writer.Line();
        writer.Line($"{Header}, backward: {rule}.");
        using (writer.Block($"private static void {BackwardMethod}(int n, {ReadOnlySpan} x, {ReadOnlySpan} y, {ReadOnlySpan} gy, {Span} gx)"))
        {
            writer.Line($"const int Length = {Length};");
            writer.Line("x = x.Slice(0, n * Length);");
            writer.Line("y = y.Slice(0, n * Length);");
            writer.Line("gy = gy.Slice(0, n * Length);");
            writer.Line("gx = gx.Slice(0, n * Length);");
            writer.Lines(backwardRule);
        }
    }
}
