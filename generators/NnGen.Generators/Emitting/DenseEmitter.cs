using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>Dense: y = W x + b, W (Units, Inputs) row-major; straight-line code when tiny, SIMD loops otherwise.</summary>
internal sealed class DenseEmitter(DensePlan dense, NumberType number) : LayerEmitter(dense, number)
{
    private string W => $"W{Index}";

    private string B => $"B{Index}";

    protected override string Name => "Dense";

    protected override string Kind => "Dense";

    protected override string DescriptionProperties => "Bias = true";

    public override bool HasParameters => true;

    public override IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> Tensors =>
    [
        (W, dense.WeightOffset, $"{Index}.weight", EquatableArray.Create(dense.Units, dense.Inputs), "Weight"),
        (B, dense.BiasOffset, $"{Index}.bias", EquatableArray.Create(dense.Units), "Bias"),
    ];

    public override void EmitInitialization(IndentedWriter writer)
    {
        var span = $"_parameters.Slice({W}, {dense.Units * dense.Inputs})";
        writer.Line(dense.HeInit
            ? $"{Names.Initializers}.He<{T.Name}>({span}, fanIn: {dense.Inputs}, rng);"
            : $"{Names.Initializers}.Glorot<{T.Name}>({span}, fanIn: {dense.Inputs}, fanOut: {dense.Units}, rng);");
    }

    /// <summary>Whether tiny networks' Predict can run this layer in one register (<c>SmallDense</c>): float, at most eight inputs and units.</summary>
    public bool InRegister => dense.Unrolled && T.Name == "float" && dense.Inputs <= SmallDenseLanes && dense.Units <= SmallDenseLanes;

    /// <summary>SmallDense.Lanes: the units of one 256-bit register of floats.</summary>
    public const int SmallDenseLanes = 8;

    /// <summary>
    /// Unit o's products in SmallDense's tree of additions, +0 for the lanes past the inputs, then the bias; a subtree
    /// of lanes that are all past the inputs is written as one +0, which is what it sums to.
    /// </summary>
    private string RegisterOrderSum(int o)
    {
        // One input: the product and the bias in one fused multiply-add, as SmallDense computes it (no tree of +0).
        if (dense.Inputs == 1) return $"global::System.MathF.FusedMultiplyAdd(w[{o}], xs[0], b[{o}])";
        return $"{Tree(0, SmallDenseLanes)} + b[{o}]";

        string Tree(int first, int count)
        {
            if (first >= dense.Inputs) return T.Literal(0);
            if (count == 1) return $"w[{o * dense.Inputs + first}] * xs[{first}]";
            var sum = $"{Tree(first, count / 2)} + {Tree(first + count / 2, count / 2)}";
            return count == SmallDenseLanes ? sum : $"({sum})";
        }
    }

    /// <summary>Whether a ReLU after this layer can run in the product's epilogue.</summary>
    public bool CanFuseReLU => !dense.Unrolled;

    /// <summary>The forward statement that also applies the ReLU after the layer.</summary>
    public string ForwardWithReLU(string x, string y) => $"{ForwardMethod}(n, {x}, {y}, relu: true);";

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        writer.Line($"{Header}, W ({dense.Units}, {dense.Inputs}): y = W x + b.");
        var relu = dense.Unrolled ? "" : ", bool relu = false";
        using (writer.Block($"private void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y{relu})"))
        {
            writer.Line($"const int In = {dense.Inputs}, Out = {dense.Units};");
            writer.Line($"{ReadOnlySpan} w = _parameters.Slice({W}, In * Out), b = _parameters.Slice({B}, Out);");
            if (dense.Unrolled)
            {
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var xs = x.Slice(s * In, In);");
                    writer.Line("var ys = y.Slice(s * Out, Out);");
                    if (InRegister)
                    {
                        writer.Line("// Summed in SmallDense's order (pairs, pairs of pairs, halves, +0 for lanes past the inputs, then the");
                        writer.Line("// bias), the order a tiny network's Predict uses in one register: the same bits either way.");
                    }
                    for (var o = 0; o < dense.Units; o++)
                        writer.Line($"ys[{o}] = " + (InRegister ? RegisterOrderSum(o) : $"b[{o}]" + string.Concat(Enumerable.Range(0, dense.Inputs)
                            .Select(i => $" + w[{o * dense.Inputs + i}] * xs[{i}]"))) + ";");
                }
            }
            else
            {
                writer.Line("// y = x Wᵀ + b, register-blocked (Gemm); with relu, a ReLU after it applied in the same pass.");
                writer.Line($"{Names.Gemm}.MultiplyTransposedB<{T.Name}>(x, w, y, n, Out, In, b, relu: relu);");
            }
        }
        writer.Line();

        writer.Line($"{Header}, backward: ∂L/∂W = Σₛ gyₛ xₛᵀ, ∂L/∂b = Σₛ gyₛ, gx = Wᵀ gy (skipped when gx is empty).");
        using (writer.Block($"private void {BackwardMethod}(int n, {ReadOnlySpan} x, {ReadOnlySpan} y, {ReadOnlySpan} gy, {Span} gx)"))
        {
            writer.Line($"const int In = {dense.Inputs}, Out = {dense.Units};");
            writer.Line($"{ReadOnlySpan} w = _parameters.Slice({W}, In * Out);");
            writer.Line($"{Span} dw = _gradients.Slice({W}, In * Out), db = _gradients.Slice({B}, Out);");
            if (dense.Unrolled)
            {
                writer.Line("dw.Clear();");
                writer.Line("db.Clear();");
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var xs = x.Slice(s * In, In);");
                    writer.Line("var gys = gy.Slice(s * Out, Out);");
                    EmitUnrolledBackward(writer);
                }
            }
            else
            {
                EmitLoopBackward(writer);
            }
        }
    }

    private void EmitUnrolledBackward(IndentedWriter writer)
    {
        for (var o = 0; o < dense.Units; o++)
        {
            writer.Line($"db[{o}] += gys[{o}];");
            for (var i = 0; i < dense.Inputs; i++) writer.Line($"dw[{o * dense.Inputs + i}] += gys[{o}] * xs[{i}];");
        }
        writer.Line("if (gx.IsEmpty) continue;");
        writer.Line("var gxs = gx.Slice(s * In, In);");
        for (var i = 0; i < dense.Inputs; i++)
            writer.Line($"gxs[{i}] = " + string.Join(" + ", Enumerable.Range(0, dense.Units)
                .Select(o => $"w[{o * dense.Inputs + i}] * gys[{o}]")) + ";");
    }

    private void EmitLoopBackward(IndentedWriter writer)
    {
        writer.Line($"{Names.ColumnSums}.Of<{T.Name}>(gy, db, n, Out); // ∂L/∂b = Σₛ gyₛ");
        writer.Line($"{Names.Gemm}.MultiplyTransposedA<{T.Name}>(gy, x, dw, Out, In, n); // ∂L/∂W = gyᵀ x");
        writer.Line("if (!gx.IsEmpty)");
        writer.Line($"    {Names.Gemm}.Multiply<{T.Name}>(gy, w, gx, n, In, Out); // gx = gy W");
    }
}
