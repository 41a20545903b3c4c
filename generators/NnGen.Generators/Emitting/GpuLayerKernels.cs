using System;
using System.Collections.Generic;
using System.Text;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// The text of each layer's ILGPU kernels, with the layer's shapes printed as constants. Matrix products (Dense,
/// Conv2D as an implicit GEMM) share one 16 × 16 shared-memory tiling, <see cref="Gemm"/>; per-channel sums (biases,
/// BatchNorm) share one 256-thread tree reduction; everything else is one thread per value.
/// </summary>
internal sealed class GpuLayerKernels(NumberType t)
{
    public const int Threads = 256;

    private string T => t.Name;

    public string View => $"global::ILGPU.ArrayView<{T}>";

    private const string DoubleView = "global::ILGPU.ArrayView<double>";

    private string Zero => t.Literal(0);

    private string One => t.Literal(1);

    /// <summary>Whether a Dense or Conv2D kernel can apply this activation to its results as it writes them.</summary>
    public static bool Fusable(LayerPlan? layer) =>
        layer is ActivationPlan { Function: Act.Sigmoid or Act.Tanh or Act.ReLU or Act.LeakyReLU or Act.Step };

    /// <summary>f(v) for an element-wise activation.</summary>
    public string Activate(ActivationPlan activation, string v) => activation.Function switch
    {
        Act.Sigmoid => $"{One} / ({One} + {GpuNames.XMath}.Exp(-{v}))",
        Act.Tanh => $"{GpuNames.XMath}.Tanh({v})",
        Act.ReLU => $"{v} > {Zero} ? {v} : {Zero}",
        Act.LeakyReLU => $"{v} > {Zero} ? {v} : {t.Literal(activation.Alpha)} * {v}",
        Act.Step => $"{v} >= {Zero} ? {One} : {Zero}",
        _ => v,
    };

    // ---------------------------------------------------------------- Dense

    public IEnumerable<GpuKernel> Dense(DensePlan dense, ActivationPlan? fused)
    {
        int i = dense.Index, @in = dense.Inputs, @out = dense.Units;
        var constants = $"const int In = {@in}, Out = {@out}, W = {dense.WeightOffset}, B = {dense.BiasOffset};";
        var write = fused is null
            ? "y[row * Out + column] = v;"
            : $"y[row * Out + column] = v;\na[row * Out + column] = {Activate(fused, "v")};";
        var parameters = new List<(string, string)> { (View, "x"), (View, "p"), (View, "y") };
        if (fused is not null) parameters.Add((View, "a"));
        parameters.Add(("int", "n"));
        yield return Gemm($"Dense{i}Forward",
            $"Layer {i}: Dense {@in}→{@out}, y (n, {@out}) = x (n, {@in}) Wᵀ + b" + (fused is null ? "." : $", and a = {fused.Function}(y) (layer {fused.Index}) in the same pass."),
            parameters, constants, "n", "Out", "In",
            (r, k) => $"x[{r} * In + {k}]", aAlongDepth: true,
            (k, c) => $"p[W + {c} * In + {k}]", bAlongColumns: false,
            $"var v = sum + p[B + column];\n{write}");
        yield return Gemm($"Dense{i}WeightGradient",
            $"Layer {i}: Dense {@in}→{@out}, backward: ∂L/∂W (Out, In) = gyᵀ x, a sum over the batch.",
            [(View, "x"), (View, "gy"), (View, "g"), ("int", "n")], constants, "Out", "In", "n",
            (r, k) => $"gy[{k} * Out + {r}]", aAlongDepth: false,
            (k, c) => $"x[{k} * In + {c}]", bAlongColumns: true,
            "g[W + row * In + column] = sum;");
        yield return ChannelSum($"Dense{i}BiasGradient",
            $"Layer {i}: Dense {@in}→{@out}, backward: ∂L/∂b[o] = Σₛ gy[s, o], one group per unit o.",
            [(View, "gy"), (View, "g"), ("int", "n")], constants, "n", "gy[j * Out + channel]", "g[B + channel] = total;");
        yield return Gemm($"Dense{i}InputGradient",
            $"Layer {i}: Dense {@in}→{@out}, backward: gx (n, {@in}) = gy (n, {@out}) W.",
            [(View, "gy"), (View, "p"), (View, "gx"), ("int", "n")], constants, "n", "In", "Out",
            (r, k) => $"gy[{r} * Out + {k}]", aAlongDepth: true,
            (k, c) => $"p[W + {k} * In + {c}]", bAlongColumns: true,
            "gx[row * In + column] = sum;");
    }

    // ---------------------------------------------------------------- Conv2D

    public IEnumerable<GpuKernel> Conv2D(Conv2DPlan conv, ActivationPlan? fused)
    {
        var i = conv.Index;
        int c = conv.Channels, h = conv.InputShape[1], w = conv.InputShape[2], f = conv.Filters, oh = conv.OutputShape[1], ow = conv.OutputShape[2];
        var constants = $"const int C = {c}, H = {h}, W = {w}, F = {f}, K = {conv.Kernel}, S = {conv.Stride}, P = {conv.Pad}, OH = {oh}, OW = {ow}, Patch = C * K * K, Pixels = OH * OW;\n" +
                        $"const int Wo = {conv.WeightOffset}" + (conv.HasBias ? $", Bo = {conv.BiasOffset};" : ";");
        var title = $"Layer {i}: {conv.Title}, x (n, {c}, {h}, {w}) → y (n, {f}, {oh}, {ow})";
        var bias = conv.HasBias ? " + p[Bo + row]" : "";
        var at = "(s * F + row) * Pixels + pixel";
        var write = fused is null ? $"y[{at}] = v;" : $"y[{at}] = v;\na[{at}] = {Activate(fused, "v")};";
        var parameters = new List<(string, string)> { (View, "x"), (View, "p"), (View, "y") };
        if (fused is not null) parameters.Add((View, "a"));
        parameters.Add(("int", "n"));
        yield return Gemm($"Conv2D{i}Forward",
            $"{title}, as an implicit matrix product: y[f, (s, pixel)] = Σₖ W[f, k] patch[k, (s, pixel)] + b[f]" +
            (fused is null ? "." : $", and a = {fused.Function}(y) (layer {fused.Index}) in the same pass."),
            parameters, constants, "F", "n * Pixels", "Patch",
            (r, k) => $"p[Wo + {r} * Patch + {k}]", aAlongDepth: true,
            (k, col) => $"Conv2D{i}Patch(x, {k}, {col})", bAlongColumns: true,
            $"var s = column / Pixels;\nvar pixel = column - s * Pixels;\nvar v = sum{bias};\n{write}");
        yield return Gemm($"Conv2D{i}WeightGradient",
            $"{title}, backward: ∂L/∂W[f, k] += Σ over (s, pixel) of gy[s, f, pixel] patch[k, (s, pixel)] (the caller zeroes ∂L/∂W first).",
            [(View, "x"), (View, "gy"), (View, "g"), ("int", "n")], constants, "F", "Patch", "n * Pixels",
            (r, k) => $"Conv2D{i}Output(gy, {r}, {k})", aAlongDepth: true,
            (k, col) => $"Conv2D{i}Patch(x, {col}, {k})", bAlongColumns: false,
            $"{GpuNames.Atomic}.Add(ref g[Wo + row * Patch + column], sum);", splitDepth: true);
        if (conv.HasBias)
        {
            yield return ChannelSum($"Conv2D{i}BiasGradient",
                $"{title}, backward: ∂L/∂b[f] = Σ gy[s, f, pixel], one group per filter f.",
                [(View, "gy"), (View, "g"), ("int", "n")], constants, "n * Pixels",
                "gy[(j / Pixels * F + channel) * Pixels + j % Pixels]", "g[Bo + channel] = total;");
        }
        var body = new StringBuilder();
        body.AppendLine(constants);
        body.AppendLine("var s = i.X / (C * H * W);");
        body.AppendLine("var q = i.X - s * C * H * W;");
        body.AppendLine("var ch = q / (H * W);");
        body.AppendLine("var iy = (q - ch * H * W) / W;");
        body.AppendLine("var ix = q - ch * H * W - iy * W;");
        body.AppendLine($"{T} sum = {Zero};");
        body.AppendLine("for (var ky = 0; ky < K; ky++)");
        body.AppendLine("{");
        body.AppendLine("    var dy = iy + P - ky;");
        body.AppendLine("    if (dy < 0 || dy % S != 0 || dy / S >= OH) continue;");
        body.AppendLine("    for (var kx = 0; kx < K; kx++)");
        body.AppendLine("    {");
        body.AppendLine("        var dx = ix + P - kx;");
        body.AppendLine("        if (dx < 0 || dx % S != 0 || dx / S >= OW) continue;");
        body.AppendLine("        var pixel = dy / S * OW + dx / S;");
        body.AppendLine("        for (var f = 0; f < F; f++)");
        body.AppendLine("            sum += gy[(s * F + f) * Pixels + pixel] * p[Wo + ((f * C + ch) * K + ky) * K + kx];");
        body.AppendLine("    }");
        body.AppendLine("}");
        body.Append("gx[i] = sum;");
        yield return new GpuKernel($"Conv2D{i}InputGradient", false,
            $"{title}, backward: gx[s, c, iy, ix] = Σ W[f, c, ky, kx] gy[s, f, oy, ox] over the outputs whose window holds (iy, ix); one thread per input value.",
            [(View, "gy"), (View, "p"), (View, "gx")], body.ToString());
    }

    /// <summary>The helpers the Conv2D kernels read patches and outputs through.</summary>
    public string Conv2DHelpers(Conv2DPlan conv)
    {
        var i = conv.Index;
        int c = conv.Channels, h = conv.InputShape[1], w = conv.InputShape[2], f = conv.Filters, oh = conv.OutputShape[1], ow = conv.OutputShape[2];
        return $$"""
            // Layer {{i}}: value k = (c, ky, kx) of the patch under output column (s, pixel), zero in the padding: the implicit im2col matrix.
            private static {{T}} Conv2D{{i}}Patch({{View}} x, int k, int column)
            {
                const int C = {{c}}, H = {{h}}, W = {{w}}, K = {{conv.Kernel}}, S = {{conv.Stride}}, P = {{conv.Pad}}, OW = {{ow}}, Pixels = {{oh * ow}};
                var s = column / Pixels;
                var pixel = column - s * Pixels;
                var oy = pixel / OW;
                var ch = k / (K * K);
                var ky = (k - ch * K * K) / K;
                var iy = oy * S + ky - P;
                var ix = (pixel - oy * OW) * S + (k - ch * K * K - ky * K) - P;
                return iy >= 0 && iy < H && ix >= 0 && ix < W ? x[((s * C + ch) * H + iy) * W + ix] : {{Zero}};
            }

            // Layer {{i}}: gy[s, f, pixel] for the batch-wide output column (s, pixel).
            private static {{T}} Conv2D{{i}}Output({{View}} gy, int f, int column)
            {
                const int F = {{f}}, Pixels = {{oh * ow}};
                var s = column / Pixels;
                return gy[(s * F + f) * Pixels + column - s * Pixels];
            }
            """;
    }

    // ---------------------------------------------------------------- Activations

    public IEnumerable<GpuKernel> Activation(ActivationPlan activation, bool fusedForward, bool backward)
    {
        int i = activation.Index, length = activation.OutputLength;
        var title = $"Layer {i}: {activation.Title}, x (n, {length}) → y (n, {length})";
        if (activation.Function == Act.Softmax)
        {
            yield return new GpuKernel($"Softmax{i}Forward", false, $"{title}: yⱼ = e^(xⱼ − max x) / Σₖ e^(xₖ − max x), one thread per sample.",
                [(View, "x"), (View, "y")], $$"""
                const int Length = {{length}};
                var at = i.X * Length;
                var max = x[at];
                for (var j = 1; j < Length; j++) max = x[at + j] > max ? x[at + j] : max;
                {{T}} sum = {{Zero}};
                for (var j = 0; j < Length; j++)
                {
                    var e = {{GpuNames.XMath}}.Exp(x[at + j] - max);
                    y[at + j] = e;
                    sum += e;
                }
                for (var j = 0; j < Length; j++) y[at + j] = y[at + j] / sum;
                """);
            if (backward)
            {
                yield return new GpuKernel($"Softmax{i}Backward", false, $"{title}, backward: gx = y ⊙ (gy − ⟨gy, y⟩), one thread per sample.",
                    [(View, "y"), (View, "gy"), (View, "gx")], $$"""
                    const int Length = {{length}};
                    var at = i.X * Length;
                    {{T}} dot = {{Zero}};
                    for (var j = 0; j < Length; j++) dot += gy[at + j] * y[at + j];
                    for (var j = 0; j < Length; j++) gx[at + j] = y[at + j] * (gy[at + j] - dot);
                    """);
            }
            yield break;
        }

        if (!fusedForward)
            yield return new GpuKernel($"{activation.Function}{i}Forward", false, $"{title}: y = {activation.Function}(x), one thread per value.",
                [(View, "x"), (View, "y")], $"var v = x[i];\ny[i] = {Activate(activation, "v")};");
        if (!backward) yield break;
        var (rule, expression) = activation.Function switch
        {
            Act.Sigmoid => ("σ'(x) = y (1 − y)", $"gy[i] * y[i] * ({One} - y[i])"),
            Act.Tanh => ("tanh'(x) = 1 − y²", $"gy[i] * ({One} - y[i] * y[i])"),
            Act.ReLU => ("relu'(x) = 1 for x > 0, else 0", $"x[i] > {Zero} ? gy[i] : {Zero}"),
            Act.LeakyReLU => ("f'(x) = 1 for x > 0, else α", $"x[i] > {Zero} ? gy[i] : {t.Literal(activation.Alpha)} * gy[i]"),
            _ => ("step'(x) = 0: no gradient flows through", Zero),
        };
        yield return new GpuKernel($"{activation.Function}{i}Backward", false, $"{title}, backward: {rule}.",
            [(View, "x"), (View, "y"), (View, "gy"), (View, "gx")], $"gx[i] = {expression};");
    }

    // ---------------------------------------------------------------- Dropout

    public IEnumerable<GpuKernel> Dropout(DropoutPlan dropout)
    {
        var i = dropout.Index;
        var keep = 1 / (1 - dropout.Rate);
        yield return new GpuKernel($"Dropout{i}Forward", false,
            $"Layer {i}: {dropout.Title}, training: each value is kept with probability 1 − {Shapes.Number(dropout.Rate)} and scaled by {Shapes.Number(keep)}; " +
            "u is a hash of (seed, step, index), so backward needs only the mask.",
            [(View, "x"), (View, "y"), (View, "mask"), ("uint", "seed"), ("uint", "step")], $$"""
            var u = (Hash(seed, step, (uint)i.X) >> 8) * (1.0 / 16777216.0);
            var m = u < {{Shapes.Number(dropout.Rate)}} ? {{Zero}} : {{t.Literal(keep)}};
            mask[i] = m;
            y[i] = x[i] * m;
            """);
        yield return new GpuKernel($"Dropout{i}Backward", false, $"Layer {i}: {dropout.Title}, backward: gx = gy ⊙ mask.",
            [(View, "gy"), (View, "mask"), (View, "gx")], "gx[i] = gy[i] * mask[i];");
    }

    public const string HashHelper = """
        // A counter-based hash (three rounds of a 32-bit finalizer): the same (seed, step, index) always gives the same bits.
        private static uint Hash(uint seed, uint step, uint index) => Mix(index ^ Mix(step ^ Mix(seed)));

        private static uint Mix(uint h)
        {
            h = unchecked((h ^ (h >> 16)) * 0x7FEB352Du);
            h = unchecked((h ^ (h >> 15)) * 0x846CA68Bu);
            return h ^ (h >> 16);
        }
        """;

    // ---------------------------------------------------------------- Pooling

    public IEnumerable<GpuKernel> Pool(PoolPlan pool, bool backward)
    {
        var i = pool.Index;
        int c = pool.InputShape[0], h = pool.InputShape[1], w = pool.InputShape[2], oh = pool.OutputShape[1], ow = pool.OutputShape[2];
        var max = pool.Kind == PoolKind.Max;
        var name = max ? "MaxPool2D" : "AvgPool2D";
        var constants = $"const int H = {h}, W = {w}, K = {pool.Size}, S = {pool.Stride}, OH = {oh}, OW = {ow};";
        var title = $"Layer {i}: {pool.Title}, x (n, {c}, {h}, {w}) → y (n, {c}, {oh}, {ow})";
        var reduce = max
            ? $"var best = x[at];\nfor (var a = 0; a < K; a++)\nfor (var b = 0; b < K; b++)\n    best = x[at + a * W + b] > best ? x[at + a * W + b] : best;\ny[i] = best;"
            : $"{T} sum = {Zero};\nfor (var a = 0; a < K; a++)\nfor (var b = 0; b < K; b++)\n    sum += x[at + a * W + b];\ny[i] = sum / (K * K);";
        yield return new GpuKernel($"{name}{i}Forward", false,
            $"{title}: each output is the {(max ? "largest value" : "mean")} of its window, one thread per output.",
            [(View, "x"), (View, "y")],
            $"{constants}\nvar plane = i.X / (OH * OW);\nvar o = i.X - plane * OH * OW;\nvar oy = o / OW;\n" +
            $"var at = plane * H * W + oy * S * W + (o - oy * OW) * S;\n{reduce}");
        if (!backward) yield break;
        var add = max
            ? "var at = plane * H * W + oy * S * W + ox * S;\nvar best = at;\nfor (var a = 0; a < K; a++)\nfor (var b = 0; b < K; b++)\n    if (x[at + a * W + b] > x[best]) best = at + a * W + b;\nif (best == i.X) sum += gy[plane * OH * OW + oy * OW + ox];"
            : "sum += gy[plane * OH * OW + oy * OW + ox];";
        var body = new StringBuilder();
        body.AppendLine(constants);
        body.AppendLine("var plane = i.X / (H * W);");
        body.AppendLine("var q = i.X - plane * H * W;");
        body.AppendLine("var iy = q / W;");
        body.AppendLine("var ix = q - iy * W;");
        body.AppendLine($"{T} sum = {Zero};");
        body.AppendLine("var oyLast = iy / S < OH - 1 ? iy / S : OH - 1;");
        body.AppendLine("var oxLast = ix / S < OW - 1 ? ix / S : OW - 1;");
        body.AppendLine("for (var oy = iy < K ? 0 : (iy - K + S) / S; oy <= oyLast; oy++)");
        body.AppendLine("for (var ox = ix < K ? 0 : (ix - K + S) / S; ox <= oxLast; ox++)");
        body.AppendLine("{");
        foreach (var line in add.Split('\n')) body.AppendLine("    " + line);
        body.AppendLine("}");
        body.Append(max ? "gx[i] = sum;" : "gx[i] = sum / (K * K);");
        yield return new GpuKernel($"{name}{i}Backward", false,
            $"{title}, backward: " + (max
                ? "each output's gradient goes to the first position that held the maximum"
                : "each output's gradient is shared equally by its window") + "; one thread per input value gathers from the windows that hold it.",
            max ? [(View, "x"), (View, "gy"), (View, "gx")] : [(View, "gy"), (View, "gx")], body.ToString());
    }

    // ---------------------------------------------------------------- BatchNorm

    public IEnumerable<GpuKernel> BatchNorm(BatchNormPlan bn, bool backward)
    {
        var i = bn.Index;
        var constants = $"const int C = {bn.Channels}, Spatial = {bn.Spatial}, G = {bn.WeightOffset}, B = {bn.BiasOffset}, M = {bn.BufferOffset}, V = {bn.BufferOffset + bn.Channels};";
        var title = $"Layer {i}: BatchNorm, x {Shapes.FormatBatch(bn.InputShape)}";
        var value = "x[(j / Spatial * C + channel) * Spatial + j % Spatial]";
        var statistics = new StringBuilder();
        statistics.AppendLine($"const double Momentum = {Shapes.Number(bn.Momentum)};");
        statistics.AppendLine("var count = n * Spatial;");
        statistics.AppendLine(Reduction("count", value, "total"));
        statistics.AppendLine("var mean = total / count;");
        statistics.AppendLine(Reduction("count", $"({value} - mean) * ({value} - mean)", "squares"));
        statistics.AppendLine($"if ({GpuNames.Group}.IdxX != 0) return;");
        statistics.AppendLine("var variance = squares / count;");
        statistics.AppendLine("work[channel] = mean;");
        statistics.AppendLine($"work[C + channel] = {One} / {GpuNames.XMath}.Sqrt(variance + {t.Literal(bn.Epsilon)});");
        statistics.AppendLine($"st[M + channel] = ({T})((1 - Momentum) * st[M + channel] + Momentum * mean);");
        statistics.Append($"st[V + channel] = ({T})((1 - Momentum) * st[V + channel] + Momentum * variance * count / (count > 1 ? count - 1 : 1));");
        yield return Grouped($"BatchNorm{i}Statistics",
            $"{title}, training: the batch's mean μ and 1/√(σ² + ε) per channel into work, and the running estimates move by momentum {Shapes.Number(bn.Momentum)} towards μ and the unbiased σ²; one group per channel.",
            [(View, "x"), (View, "st"), (View, "work"), ("int", "n")], constants, statistics.ToString());
        yield return new GpuKernel($"BatchNorm{i}Normalize", false,
            $"{title}, training: y = γ (x − μ) / √(σ² + ε) + β with the batch's statistics.",
            [(View, "x"), (View, "p"), (View, "work"), (View, "y")],
            $"{constants}\nvar c = i.X / Spatial % C;\nvar scale = p[G + c] * work[C + c];\ny[i] = x[i] * scale + (p[B + c] - work[c] * scale);");
        yield return new GpuKernel($"BatchNorm{i}Infer", false,
            $"{title}, inference: y = γ (x − running μ) / √(running σ² + ε) + β.",
            [(View, "x"), (View, "p"), (View, "st"), (View, "y")],
            $"{constants}\nvar c = i.X / Spatial % C;\nvar scale = p[G + c] / {GpuNames.XMath}.Sqrt(st[V + c] + {t.Literal(bn.Epsilon)});\ny[i] = x[i] * scale + (p[B + c] - st[M + c] * scale);");
        if (!backward) yield break;
        var reduce = new StringBuilder();
        reduce.AppendLine("var count = n * Spatial;");
        reduce.AppendLine("var mean = work[channel];");
        reduce.AppendLine("var inverseStd = work[C + channel];");
        reduce.AppendLine(Reduction("count", "gy[(j / Spatial * C + channel) * Spatial + j % Spatial]", "sumGradient"));
        reduce.AppendLine(Reduction("count", $"gy[(j / Spatial * C + channel) * Spatial + j % Spatial] * ({value} - mean) * inverseStd", "sumGradientXhat"));
        reduce.AppendLine($"if ({GpuNames.Group}.IdxX != 0) return;");
        reduce.AppendLine("g[G + channel] = sumGradientXhat;");
        reduce.AppendLine("g[B + channel] = sumGradient;");
        reduce.AppendLine("work[2 * C + channel] = sumGradient / count;");
        reduce.Append("work[3 * C + channel] = sumGradientXhat / count;");
        yield return Grouped($"BatchNorm{i}ParameterGradient",
            $"{title}, backward over the m = n·Spatial values of each channel, x̂ = (x − μ) / σ: ∂L/∂γ = Σ gy x̂, ∂L/∂β = Σ gy; one group per channel.",
            [(View, "x"), (View, "gy"), (View, "g"), (View, "work"), ("int", "n")], constants, reduce.ToString());
        yield return new GpuKernel($"BatchNorm{i}InputGradient", false,
            $"{title}, backward: gx = (γ / σ) (gy − Σ gy / m − x̂ Σ gy x̂ / m).",
            [(View, "x"), (View, "gy"), (View, "p"), (View, "work"), (View, "gx")],
            $"{constants}\nvar c = i.X / Spatial % C;\nvar inverseStd = work[C + c];\n" +
            "gx[i] = p[G + c] * inverseStd * (gy[i] - work[2 * C + c] - (x[i] - work[c]) * inverseStd * work[3 * C + c]);");
    }

    // ---------------------------------------------------------------- Residual, loss, optimizers

    public GpuKernel Add() => new("Add", false, "Residual connections: c = a + b (EndResidual's forward, Residual's backward), one thread per value.",
        [(View, "a"), (View, "b"), (View, "c")], "c[i] = a[i] + b[i];");

    public GpuKernel Loss(LossKind loss, bool fused, int length)
    {
        var body = new StringBuilder();
        body.AppendLine($"const int Length = {length};");
        body.AppendLine("var at = i.X * Length;");
        string comment;
        switch (loss)
        {
            case LossKind.CrossEntropy:
                comment = "Softmax cross-entropy fused, one thread per sample: L = Σⱼ tⱼ (lse(z) − zⱼ), lse(z) = m + log Σₖ e^(zₖ − m); ∂L/∂zⱼ = pⱼ Σₖ tₖ − tⱼ.";
                body.AppendLine("double max = z[at];");
                body.AppendLine("for (var j = 1; j < Length; j++) max = z[at + j] > max ? z[at + j] : max;");
                body.AppendLine("double sum = 0, targetSum = 0, weighted = 0;");
                body.AppendLine("for (var j = 0; j < Length; j++)");
                body.AppendLine("{");
                body.AppendLine($"    sum += {GpuNames.XMath}.Exp(z[at + j] - max);");
                body.AppendLine("    targetSum += t[at + j];");
                body.AppendLine("    weighted += t[at + j] * (double)z[at + j];");
                body.AppendLine("}");
                body.AppendLine($"{GpuNames.Atomic}.Add(ref loss[0], (max + {GpuNames.XMath}.Log(sum)) * targetSum - weighted);");
                body.Append($"if (gradient != 0) for (var j = 0; j < Length; j++) g[at + j] = ({T})((y[at + j] * targetSum - t[at + j]) * scale);");
                break;
            case LossKind.BinaryCrossEntropy:
                comment = "Sigmoid binary cross-entropy fused, one thread per sample: L = Σⱼ max(zⱼ, 0) − zⱼ tⱼ + log(1 + e^−|zⱼ|); ∂L/∂zⱼ = pⱼ − tⱼ.";
                body.AppendLine("double sum = 0;");
                body.AppendLine("for (var j = 0; j < Length; j++)");
                body.AppendLine("{");
                body.AppendLine("    double zj = z[at + j];");
                body.AppendLine($"    sum += (zj > 0 ? zj : 0) - zj * t[at + j] + {GpuNames.XMath}.Log(1 + {GpuNames.XMath}.Exp(-{GpuNames.XMath}.Abs(zj)));");
                body.AppendLine("    if (gradient != 0) g[at + j] = (y[at + j] - t[at + j]) * scale;");
                body.AppendLine("}");
                body.Append($"{GpuNames.Atomic}.Add(ref loss[0], sum);");
                break;
            default:
                comment = "Mean squared error, one thread per sample: L = ½ Σⱼ (yⱼ − tⱼ)²; ∂L/∂yⱼ = yⱼ − tⱼ.";
                body.AppendLine("double sum = 0;");
                body.AppendLine("for (var j = 0; j < Length; j++)");
                body.AppendLine("{");
                body.AppendLine("    var d = y[at + j] - t[at + j];");
                body.AppendLine("    sum += 0.5 * d * d;");
                body.AppendLine("    if (gradient != 0) g[at + j] = d * scale;");
                body.AppendLine("}");
                body.Append($"{GpuNames.Atomic}.Add(ref loss[0], sum);");
                break;
        }
        _ = fused;
        body.AppendLine();
        body.AppendLine("// Accuracy.ClassOf of the output and target rows (above 0.5 for one value, else the first largest); counts matches.");
        if (length == 1)
        {
            body.Append($"if ((y[at] > {t.Literal(0.5)}) == (t[at] > {t.Literal(0.5)})) {GpuNames.Atomic}.Add(ref correct[0], 1);");
        }
        else
        {
            body.AppendLine("int predicted = 0, actual = 0;");
            body.AppendLine("for (var j = 1; j < Length; j++)");
            body.AppendLine("{");
            body.AppendLine("    if (y[at + j] > y[at + predicted]) predicted = j;");
            body.AppendLine("    if (t[at + j] > t[at + actual]) actual = j;");
            body.AppendLine("}");
            body.Append($"if (predicted == actual) {GpuNames.Atomic}.Add(ref correct[0], 1);");
        }
        return new GpuKernel("Loss", false, comment + " Adds each sample's loss to loss[0] and counts the samples classified correctly in correct[0]; " +
            "g gets the gradient times scale (1/n) when gradient ≠ 0.",
            [(View, "z"), (View, "y"), (View, "t"), (View, "g"), (DoubleView, "loss"), ("global::ILGPU.ArrayView<int>", "correct"), (T, "scale"), ("int", "gradient")],
            body.ToString());
    }

    public IEnumerable<GpuKernel> Optimizers()
    {
        yield return new GpuKernel("SgdStep", false,
            "SGD over the flat parameter buffer: mode 0 p ← p − η·g; mode 1 v ← μ·v + g, p ← p − η·v; mode 2 (Nesterov) v ← μ·v + g, p ← p − η·(g + μ·v).",
            [(View, "p"), (View, "g"), (View, "v"), (T, "minusRate"), (T, "momentum"), ("int", "mode")], """
            if (mode == 0)
            {
                p[i] += minusRate * g[i];
                return;
            }
            var velocity = momentum * v[i] + g[i];
            v[i] = velocity;
            p[i] += minusRate * (mode == 2 ? g[i] + momentum * velocity : velocity);
            """);
        yield return new GpuKernel("RmsPropStep", false,
            "RMSProp over the flat parameter buffer: s ← ρ·s + (1 − ρ)·g², p ← p − η·g / (√s + ε).",
            [(View, "p"), (View, "g"), (View, "s"), (T, "minusRate"), (T, "rho"), (T, "oneMinusRho"), (T, "epsilon")], $"""
            var square = rho * s[i] + oneMinusRho * g[i] * g[i];
            s[i] = square;
            p[i] += minusRate * g[i] / ({GpuNames.XMath}.Sqrt(square) + epsilon);
            """);
        yield return new GpuKernel("AdamStep", false,
            "Adam over the flat parameter buffer: p ← p·shrink (AdamW's 1 − η·λ), g ← g + λ·p (Adam's weight decay), m ← β₁·m + (1 − β₁)·g, " +
            "v ← β₂·v + (1 − β₂)·g², p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).",
            [(View, "p"), (View, "g"), (View, "m"), (View, "v"), (T, "beta1"), (T, "oneMinusBeta1"), (T, "beta2"), (T, "oneMinusBeta2"),
             (T, "epsilon"), (T, "minusStepSize"), (T, "secondMomentCorrection"), (T, "weightDecay"), (T, "shrink")], $"""
            var parameter = p[i] * shrink;
            var gradient = g[i] + weightDecay * parameter;
            var first = beta1 * m[i] + oneMinusBeta1 * gradient;
            var second = beta2 * v[i] + oneMinusBeta2 * gradient * gradient;
            m[i] = first;
            v[i] = second;
            p[i] = parameter + minusStepSize * first / ({GpuNames.XMath}.Sqrt(second) / secondMomentCorrection + epsilon);
            """);
    }

    // ---------------------------------------------------------------- Shared shapes of kernels

    /// <summary>
    /// C (rows × columns) = A (rows × depth) · B (depth × columns) in 16 × 16 tiles staged in shared memory: each
    /// group computes one tile of C, each thread one value. A and B are read through expressions of (row, k) and
    /// (k, column); the tiles are loaded so that neighbouring threads read neighbouring addresses (along k when
    /// <paramref name="aAlongDepth"/>, along the columns when <paramref name="bAlongColumns"/>). The epilogue sees
    /// row, column and sum.
    /// </summary>
    private GpuKernel Gemm(string name, string comment, IReadOnlyList<(string, string)> parameters, string constants,
        string rows, string columns, string depth,
        Func<string, string, string> a, bool aAlongDepth, Func<string, string, string> b, bool bAlongColumns, string epilogue,
        bool splitDepth = false)
    {
        var body = new StringBuilder();
        body.AppendLine(constants);
        body.AppendLine("const int Tile = 16, Stride = Tile + 1; // a padded row keeps transposed stores off one memory bank");
        body.AppendLine($"var tileA = {GpuNames.SharedMemory}.Allocate<{T}>(Tile * Stride); // tileA[r, k]");
        body.AppendLine($"var tileB = {GpuNames.SharedMemory}.Allocate<{T}>(Tile * Stride); // tileB[k, c]");
        body.AppendLine($"int tx = {GpuNames.Group}.IdxX, ty = {GpuNames.Group}.IdxY;");
        body.AppendLine($"int rowBase = {GpuNames.Grid}.IdxY * Tile, columnBase = {GpuNames.Grid}.IdxX * Tile;");
        body.AppendLine($"int rows = {rows}, columns = {columns}, depth = {depth};");
        if (splitDepth)
        {
            body.AppendLine("// Split over the depth: group z sums its own stretch of k, and the epilogue adds it atomically.");
            body.AppendLine($"var stretch = ((depth + {GpuNames.Grid}.DimZ - 1) / {GpuNames.Grid}.DimZ + Tile - 1) / Tile * Tile;");
            body.AppendLine($"var kStart = {GpuNames.Grid}.IdxZ * stretch;");
            body.AppendLine("depth = kStart + stretch < depth ? kStart + stretch : depth;");
        }
        body.AppendLine($"{T} sum = {Zero};");
        body.AppendLine(splitDepth ? "for (var k0 = kStart; k0 < depth; k0 += Tile)" : "for (var k0 = 0; k0 < depth; k0 += Tile)");
        body.AppendLine("{");
        body.AppendLine(aAlongDepth
            ? $"    int ra = rowBase + ty, ka = k0 + tx;\n    tileA[ty * Stride + tx] = ra < rows && ka < depth ? {a("ra", "ka")} : {Zero};"
            : $"    int ra = rowBase + tx, ka = k0 + ty;\n    tileA[tx * Stride + ty] = ra < rows && ka < depth ? {a("ra", "ka")} : {Zero};");
        body.AppendLine(bAlongColumns
            ? $"    int kb = k0 + ty, cb = columnBase + tx;\n    tileB[ty * Stride + tx] = kb < depth && cb < columns ? {b("kb", "cb")} : {Zero};"
            : $"    int kb = k0 + tx, cb = columnBase + ty;\n    tileB[tx * Stride + ty] = kb < depth && cb < columns ? {b("kb", "cb")} : {Zero};");
        body.AppendLine($"    {GpuNames.Group}.Barrier();");
        body.AppendLine("    for (var k = 0; k < Tile; k++) sum += tileA[ty * Stride + k] * tileB[k * Stride + tx];");
        body.AppendLine($"    {GpuNames.Group}.Barrier();");
        body.AppendLine("}");
        body.AppendLine("int row = rowBase + ty, column = columnBase + tx;");
        body.AppendLine("if (row >= rows || column >= columns) return;");
        body.Append(epilogue);
        return new GpuKernel(name, true, comment + " Tiled: one 16 × 16 group per 16 × 16 block of results" +
            (splitDepth ? ", and the long sum split over the groups' z index." : "."), parameters, body.ToString());
    }

    /// <summary>A kernel of one 256-thread group per channel; the body sees channel and may call <see cref="Reduction"/>.</summary>
    private static GpuKernel Grouped(string name, string comment, IReadOnlyList<(string, string)> parameters, string constants, string body) =>
        new(name, true, comment, parameters, $"{constants}\nconst int Threads = {Threads};\nvar channel = {GpuNames.Grid}.IdxX;\n{body}");

    /// <summary>Σ over j &lt; count of one value per j, for one channel: the sum of a bias gradient.</summary>
    private GpuKernel ChannelSum(string name, string comment, IReadOnlyList<(string, string)> parameters, string constants, string count,
        string value, string write) =>
        Grouped(name, comment, parameters, constants, $"{Reduction(count, value, "total")}\nif ({GpuNames.Group}.IdxX != 0) return;\n{write}");

    /// <summary>
    /// Statements that leave in <paramref name="total"/> (every thread of the group) the sum of
    /// <paramref name="value"/> over j &lt; <paramref name="count"/>: a strided loop per thread, then a tree in shared memory.
    /// </summary>
    private string Reduction(string count, string value, string total) => $$"""
        {{T}} {{total}}Part = {{Zero}};
        for (var j = {{GpuNames.Group}}.IdxX; j < {{count}}; j += Threads) {{total}}Part += {{value}};
        var {{total}}Shared = {{GpuNames.SharedMemory}}.Allocate<{{T}}>(Threads);
        {{total}}Shared[{{GpuNames.Group}}.IdxX] = {{total}}Part;
        {{GpuNames.Group}}.Barrier();
        for (var half = Threads / 2; half > 0; half /= 2)
        {
            if ({{GpuNames.Group}}.IdxX < half) {{total}}Shared[{{GpuNames.Group}}.IdxX] += {{total}}Shared[{{GpuNames.Group}}.IdxX + half];
            {{GpuNames.Group}}.Barrier();
        }
        var {{total}} = {{total}}Shared[0];
        """;
}
