using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>Max or average pooling, per channel of every sample, over windows at constant offsets.</summary>
internal sealed class PoolEmitter(PoolPlan pool, NumberType number) : LayerEmitter(pool, number)
{
    private bool IsMax => pool.Kind == PoolKind.Max;

    protected override string Name => IsMax ? "MaxPool2D" : "AvgPool2D";

    protected override string Kind => Name;

    protected override string DescriptionProperties => $"Kernel = {pool.Size}, Stride = {pool.Stride}";

    protected override bool SamplesIndependent => true;

    private string Sizes =>
        $"const int C = {pool.InputShape[0]}, H = {pool.InputShape[1]}, W = {pool.InputShape[2]}, K = {pool.Size}, S = {pool.Stride}, OH = {pool.OutputShape[1]}, OW = {pool.OutputShape[2]};";

    /// <summary>Whether a ReLU before this layer can run in it: the maximum of ReLUs is the ReLU of the maximum.</summary>
    public bool TakesReLU => IsMax;

    /// <summary>
    /// Whether the ReLU before this max pooling runs in it, in both passes (the network's emitter decides): forward,
    /// relu(max(window)); backward, the gradient goes to the window's first maximum only where that maximum is
    /// positive, which is where the ReLU's own backward pass would have let it through. One pass over the larger
    /// tensor each way instead of two, and no buffer for the ReLU's output.
    /// </summary>
    public bool AfterReLU { get; set; }

    /// <summary>Whether a "same" convolution just before can pool in its registers: 2 × 2 max pooling of whole windows.</summary>
    public bool PoolsWholePairs => IsMax && TilesWindows && pool.Size == 2;

    /// <summary>
    /// Whether the convolution before this pooling (with a ReLU between, which then runs here) writes its output too,
    /// from its registers (the network's emitter decides): this layer then has no forward pass of its own.
    /// </summary>
    public bool RunsInConvolution { get; set; }

    protected override string ForwardMethod => base.ForwardMethod + (AfterReLU ? "AfterReLU" : "");

    protected override string BackwardMethod => base.BackwardMethod + (AfterReLU ? "AfterReLU" : "");

    private void EmitAverageForward(IndentedWriter writer)
    {
        using (writer.Block($"private static void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y)"))
        {
            writer.Line(Sizes);
            using (WindowLoops(writer))
            {
                writer.Line($"{T.Name} sum = 0;");
                writer.Line("for (var i = 0; i < K; i++)");
                writer.Line("for (var j = 0; j < K; j++)");
                writer.Line("    sum += xp[(oy * S + i) * W + ox * S + j];");
                writer.Line($"yp[oy * OW + ox] = sum / (K * K);");
            }
        }
    }

    private void EmitMaxForward(IndentedWriter writer, string method, string result)
    {
        using (writer.Block($"private static void {method}(int n, {ReadOnlySpan} x, {Span} y)"))
        {
            if (TilesWindows && pool.Size == 2)
            {
                writer.Line($"const int C = {pool.InputShape[0]}, H = {pool.InputShape[1]}, W = {pool.InputShape[2]};");
                writer.Line("// 2×2 windows: four at a time in vectors (Pooling).");
                writer.Line($"{Names.Pooling}.Max2x2<{T.Name}>(x, y, n * C, H, W{(result == "max" ? "" : ", relu: true")});");
                return;
            }
            writer.Line(Sizes);
            using (WindowLoops(writer))
            {
                writer.Line("var max = xp[oy * S * W + ox * S];");
                writer.Line("for (var i = 0; i < K; i++)");
                writer.Line("for (var j = 0; j < K; j++)");
                writer.Line("    max = global::System.Math.Max(max, xp[(oy * S + i) * W + ox * S + j]);");
                writer.Line($"yp[oy * OW + ox] = {result};");
            }
        }
    }

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        var relu = AfterReLU ? ", with the ReLU before it" : "";
        if (!RunsInConvolution)
        {
            writer.Line($"{Header}{relu}: " + (!IsMax ? "each output is the mean of its window."
                : AfterReLU ? "relu(max(window)) = max(relu(window))." : "each output is the largest value of its window."));
            if (IsMax) EmitMaxForward(writer, ForwardMethod, AfterReLU ? $"global::System.Math.Max(max, {T.Literal(0)})" : "max");
            else EmitAverageForward(writer);
            writer.Line();
        }
        writer.Line($"{Header}{relu}, backward: " + (!IsMax ? "each output's gradient is shared equally by its window."
            : AfterReLU ? "each output's gradient goes to the first position that held the maximum, if that maximum is positive."
            : "each output's gradient goes to the first position that held the maximum."));
        using (writer.Block($"private static void {BackwardMethod}({BackwardParameters})"))
        {
            if (TilesWindows)
            {
                EmitTiledMaxBackward(writer);
                return;
            }
            writer.Line(Sizes);
            writer.Line("gx = gx.Slice(0, n * C * H * W);");
            writer.Line("gx.Clear();");
            using (WindowLoops(writer, gradient: true))
            {
                if (IsMax)
                {
                    writer.Line("var at = oy * S * W + ox * S;");
                    writer.Line("for (var i = 0; i < K; i++)");
                    writer.Line("for (var j = 0; j < K; j++)");
                    writer.Line("{");
                    writer.Line("    var position = (oy * S + i) * W + ox * S + j;");
                    writer.Line("    if (xp[position] > xp[at]) at = position;");
                    writer.Line("}");
                    writer.Line(AfterReLU ? "if (xp[at] > 0) gp[at] += gyp[oy * OW + ox];" : "gp[at] += gyp[oy * OW + ox];");
                }
                else
                {
                    writer.Line("var share = gyp[oy * OW + ox] / (K * K);");
                    writer.Line("for (var i = 0; i < K; i++)");
                    writer.Line("for (var j = 0; j < K; j++)");
                    writer.Line("    gp[(oy * S + i) * W + ox * S + j] += share;");
                }
            }
        }
    }

    /// <summary>Max pooling whose windows tile the input exactly (size = stride, sizes divisible): each input value is in one window.</summary>
    private bool TilesWindows =>
        IsMax && pool.Size == pool.Stride && pool.Size <= 4
        && pool.OutputShape[1] * pool.Size == pool.InputShape[1] && pool.OutputShape[2] * pool.Size == pool.InputShape[2];

    /// <summary>
    /// The backward pass when windows tile the input: every input value is written once (the gradient at its window's
    /// first maximum, else zero), with the window unrolled, and no separate pass clears gx.
    /// </summary>
    private void EmitTiledMaxBackward(IndentedWriter writer)
    {
        var k = pool.Size;
        var zero = T.Literal(0);
        if (k == 2)
        {
            writer.Line($"const int C = {pool.InputShape[0]}, H = {pool.InputShape[1]}, W = {pool.InputShape[2]};");
            writer.Line("// 2×2 windows: four at a time in vectors, branch-free (Pooling).");
            writer.Line($"{Names.Pooling}.MaxBackward2x2<{T.Name}>(x, gy, gx, n * C, H, W{(AfterReLU ? ", relu: true" : "")});");
            return;
        }
        writer.Line($"const int C = {pool.InputShape[0]}, H = {pool.InputShape[1]}, W = {pool.InputShape[2]}, S = {pool.Stride}, OH = {pool.OutputShape[1]}, OW = {pool.OutputShape[2]};");
        writer.Line("gx = gx.Slice(0, n * C * H * W);");
        using (writer.Block("for (var p = 0; p < n * C; p++)"))
        {
            writer.Line("var xp = x.Slice(p * H * W, H * W);");
            writer.Line("var gyp = gy.Slice(p * OH * OW, OH * OW);");
            writer.Line("var gp = gx.Slice(p * H * W, H * W);");
            using (writer.Block("for (var oy = 0; oy < OH; oy++)"))
            {
                for (var i = 0; i < k; i++) writer.Line($"var r{i} = (oy * S + {i}) * W;");
                using (writer.Block("for (var ox = 0; ox < OW; ox++)"))
                {
                    writer.Line("var c = ox * S;");
                    writer.Line("var at = r0 + c;");
                    writer.Line("var best = xp[at];");
                    for (var i = 0; i < k; i++)
                        for (var j = 0; j < k; j++)
                        {
                            if (i == 0 && j == 0) continue;
                            writer.Line($"if (xp[r{i} + c + {j}] > best) {{ best = xp[r{i} + c + {j}]; at = r{i} + c + {j}; }}");
                        }
                    for (var i = 0; i < k; i++)
                        for (var j = 0; j < k; j++)
                            writer.Line($"gp[r{i} + c + {j}] = {zero};");
                    writer.Line(AfterReLU ? $"gp[at] = best > {zero} ? gyp[oy * OW + ox] : {zero};" : "gp[at] = gyp[oy * OW + ox];");
                }
            }
        }
    }

    /// <summary>Opens the loops over every channel of every sample and every output position.</summary>
    private static System.IDisposable WindowLoops(IndentedWriter writer, bool gradient = false)
    {
        var plane = writer.Block("for (var p = 0; p < n * C; p++)");
        writer.Line("var xp = x.Slice(p * H * W, H * W);");
        writer.Line(gradient ? "var gyp = gy.Slice(p * OH * OW, OH * OW);" : "var yp = y.Slice(p * OH * OW, OH * OW);");
        if (gradient) writer.Line("var gp = gx.Slice(p * H * W, H * W);");
        writer.Line("for (var oy = 0; oy < OH; oy++)");
        var position = writer.Block("for (var ox = 0; ox < OW; ox++)");
        return new Both(position, plane);
    }

    private sealed class Both(IndentedWriter.Scope inner, IndentedWriter.Scope outer) : System.IDisposable
    {
        public void Dispose()
        {
            inner.Dispose();
            outer.Dispose();
        }
    }
}
