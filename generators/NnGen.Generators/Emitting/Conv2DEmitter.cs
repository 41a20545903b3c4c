using System.Collections.Generic;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Conv2D as a matrix product: each sample's K×K patches are copied into columns (im2col, specialized to the layer's
/// constant sizes), then y = W · columns (+ b) as one blocked product (Gemm); backward runs the same in reverse. A
/// stride-1 "same" convolution runs directly from padded copies of the samples instead (SameConvolution): forward and
/// back to the input with the columns' bits, the weight and bias gradients in an order of their own. The batch is
/// cut into a fixed number of shards that the worker threads share.
/// </summary>
internal sealed class Conv2DEmitter(Conv2DPlan conv, NumberType number) : LayerEmitter(conv, number)
{
    private int Patch => conv.Channels * conv.Kernel * conv.Kernel;

    private int Pixels => conv.OutputShape[1] * conv.OutputShape[2];

    private string W => $"W{Index}";

    /// <summary>
    /// A stride-1 convolution whose output is as large as its input (an odd kernel, P = (K − 1) / 2): its forward pass
    /// and its weight gradient are direct, from padded copies of the samples (SameConvolution), without columns.
    /// </summary>
    private bool IsSame => conv.Stride == 1 && conv.Kernel % 2 == 1 && conv.Pad == conv.Kernel / 2;

    /// <summary>
    /// Whether the input gradient is direct too: SameConvolution takes gx's channels four at a time, so with one or two
    /// channels most of its work would be on channels of zero weights, and the columns' product is faster there.
    /// </summary>
    private bool HasDirectInputGradient => IsSame && conv.Channels >= 3;

    /// <summary>Whether a 2 × 2 max pooling just after this layer (or after a ReLU after it) can run in its forward pass.</summary>
    public bool CanPool(PoolEmitter pool) => IsSame && pool.PoolsWholePairs;

    /// <summary>
    /// The pooling whose forward pass runs in this layer's (the network's emitter decides), and whether a ReLU runs
    /// between: the forward method then also writes the pooling's output, taken from the registers.
    /// </summary>
    public PoolEmitter? Pooling { get; set; }

    private string B => $"B{Index}";

    protected override string Name => "Conv2D";

    protected override string Kind => "Conv2D";

    protected override string DescriptionProperties =>
        $"Kernel = {conv.Kernel}, Stride = {conv.Stride}, Pad = {conv.Pad}, Bias = {(conv.HasBias ? "true" : "false")}";

    public override bool HasParameters => true;

    /// <summary>Shards of a batch, each with its own workspace; a fixed number, so results do not depend on the threads.</summary>
    private const int Shards = 8;

    /// <summary>
    /// One shard's workspace: what its samples need (the columns and their gradient; for a "same" convolution only the
    /// columns' gradient, where the input gradient is not direct), then the shard's weight and bias gradients, from
    /// <see cref="GradientsAt"/> on.
    /// </summary>
    private int ShardLength => ColumnRows * Patch * Pixels + conv.Filters * Patch + (conv.HasBias ? conv.Filters : 0);

    /// <summary>How many sample-sized matrices of columns a shard's workspace holds: the columns and their gradient, or fewer.</summary>
    private int ColumnRows => HasDirectInputGradient ? 0 : IsSame ? 1 : 2;

    /// <summary>Where shard <c>part</c>'s weight gradient starts in the workspace, as emitted code.</summary>
    private string GradientsAt => ColumnRows switch
    {
        0 => "part * ShardLength",
        1 => "part * ShardLength + Patch * Pixels",
        _ => "part * ShardLength + 2 * Patch * Pixels",
    };

    public override int WorkspaceLength => Shards * ShardLength;

    public override IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> Tensors
    {
        get
        {
            yield return (W, conv.WeightOffset, $"{Index}.weight", EquatableArray.Create(conv.Filters, conv.Channels, conv.Kernel, conv.Kernel), "Weight");
            if (conv.HasBias) yield return (B, conv.BiasOffset, $"{Index}.bias", EquatableArray.Create(conv.Filters), "Bias");
        }
    }

    public override void EmitInitialization(IndentedWriter writer)
    {
        var span = $"_parameters.Slice({W}, {conv.Filters * Patch})";
        var fanOut = conv.Filters * conv.Kernel * conv.Kernel;
        writer.Line(conv.HeInit
            ? $"{Names.Initializers}.He<{T.Name}>({span}, fanIn: {Patch}, rng);"
            : $"{Names.Initializers}.Glorot<{T.Name}>({span}, fanIn: {Patch}, fanOut: {fanOut}, rng);");
    }

    /// <summary>The statement that runs the layer and the <see cref="Pooling"/> in it: y from x, and the pooling's output into pooled.</summary>
    public string ForwardWithPooling(string x, string y, string pooled) => $"{ForwardMethod}(n, {x}, {y}, {pooled});";

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        // The backward pass reads the columns' sizes only where it has columns.
        var backwardSizes = Sizes(pixels: ColumnRows > 0, shardLength: true);
        var parts = "global::System.Math.Min(n, Shards)";
        writer.Line($"{Header}, W ({conv.Filters}, {conv.Channels}, {conv.Kernel}, {conv.Kernel}):");
        writer.Line($"// y[f] = b[f] + Σₖ W[f, k] columns[k], k running over the {Patch} values of a patch (c, i, j): per sample,");
        writer.Line(IsSame
            ? "// from a zero-padded copy of it, without the columns; the samples are split into shards that run on the worker threads."
            : "// the columns (im2col) then one blocked product; the samples are split into shards that run on the worker threads.");
        if (Pooling is { } pooling)
            writer.Line($"// With the {pooling.Layer.Title} of layer {pooling.Index}{(pooling.AfterReLU ? " (and the ReLU before it)" : "")}, from the registers into pooled.");
        using (writer.Block($"private void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y, {Span} {(Pooling is null ? "work" : "pooled")})"))
        {
            writer.Line($"const int In = {conv.InputLength}, Out = {conv.OutputLength}, Shards = {Shards};");
            // The workspace travels in the region's fourth span; a pooled layer's forward pass needs none, and sends
            // the pooling's output there instead.
            var fourth = Pooling is null ? "work" : $"pooled.Slice(0, n * {Pooling.Layer.OutputLength})";
            writer.Line($"{Names.Workers}.For({parts}, this, x.Slice(0, n * In), default, y.Slice(0, n * Out), {fourth},");
            var name = Pooling is null ? "work" : "pooled";
            writer.Line($"    static (self, part, x, _, y, {name}) => self.{ForwardMethod}Shard(part, x, y, {name}));");
        }
        writer.Line();
        using (writer.Block($"private void {ForwardMethod}Shard(int part, {ReadOnlySpan} x, {Span} y, {Span} {(Pooling is null ? "work" : "pooled")})"))
        {
            writer.Line(Sizes(pixels: !IsSame, shardLength: !IsSame));
            writer.Line($"{ReadOnlySpan} w = _parameters.Slice({W}, F * Patch);");
            if (conv.HasBias) writer.Line($"{ReadOnlySpan} b = _parameters.Slice({B}, F);");
            writer.Line("var n = y.Length / Out;");
            writer.Line($"var parts = {parts};");
            if (IsSame)
            {
                // Directly, from a padded copy of each sample (SameConvolution): the bits of the columns' product.
                writer.Line("int first = part * n / parts, count = (part + 1) * n / parts - first;");
                var pooled = Pooling is null ? ""
                    : $", pooled.Slice(first * {Pooling.Layer.OutputLength}, count * {Pooling.Layer.OutputLength}){(Pooling.AfterReLU ? ", relu: true" : "")}";
                writer.Line($"{Names.SameConvolution}.Forward<{T.Name}>(x.Slice(first * In, count * In), w, {(conv.HasBias ? "b" : "default")}, y.Slice(first * Out, count * Out), count, {conv.Channels}, {conv.InputShape[1]}, {conv.InputShape[2]}, F, {conv.Kernel}{pooled});");
            }
            else
            {
                writer.Line("var columns = work.Slice(part * ShardLength, Patch * Pixels);");
                using (writer.Block("for (var s = part * n / parts; s < (part + 1) * n / parts; s++)"))
                {
                    writer.Line($"{Name}{Index}Columns(x.Slice(s * In, In), columns);");
                    // Each filter's sums start at its bias, in the product's registers (filling y first cost a pass).
                    writer.Line($"{Names.Gemm}.Multiply<{T.Name}>(w, columns, y.Slice(s * Out, Out), F, Pixels, Patch{(conv.HasBias ? ", rowBias: b" : "")});");
                }
            }
        }
        writer.Line();

        writer.Line(IsSame
            ? $"{Header}, backward: ∂L/∂W[f, c, i, j] = Σₛ ⟨gy[f], x[c] shifted by (i, j)⟩, ∂L/∂b[f] = Σₛ Σ gy[f], directly,"
            : $"{Header}, backward: ∂L/∂W[f, k] = Σₛ ⟨gy[f], columns[k]⟩, ∂L/∂b[f] = Σₛ Σ gy[f],");
        writer.Line(HasDirectInputGradient
            ? "// gx = Σ_(i, j) Σ_f W[f, c, i, j] gy[f] shifted back by (i, j), directly (skipped when gx is empty)."
            : "// gx = the columns' gradient Σ_f W[f, k] gy[f] added back into the patches they came from (skipped when gx is empty).");
        writer.Line("// Each shard sums its samples' weight gradient on its own; the shards are then added in order, so the result");
        writer.Line("// does not depend on the number of threads.");
        using (writer.Block($"private void {BackwardMethod}({BackwardParameters}, {Span} work)"))
        {
            writer.Line(backwardSizes);
            writer.Line($"var parts = {parts};");
            writer.Line($"{Names.Workers}.For(parts, this, x.Slice(0, n * In), gy.Slice(0, n * Out), gx, work,");
            writer.Line($"    static (self, part, x, gy, gx, work) => self.{BackwardMethod}Shard(part, x, gy, gx, work));");
            writer.Line($"{Span} dw = _gradients.Slice({W}, F * Patch);");
            writer.Line("dw.Clear();");
            if (conv.HasBias) writer.Line($"{Span} db = _gradients.Slice({B}, F);");
            if (conv.HasBias) writer.Line("db.Clear();");
            using (writer.Block("for (var part = 0; part < parts; part++)"))
            {
                writer.Line($"var shard = work.Slice({GradientsAt});");
                writer.Line($"{Primitive("Add")}(dw, shard.Slice(0, F * Patch), dw);");
                if (conv.HasBias) writer.Line($"{Primitive("Add")}(db, shard.Slice(F * Patch, F), db);");
            }
        }
        writer.Line();
        using (writer.Block($"private void {BackwardMethod}Shard(int part, {ReadOnlySpan} x, {ReadOnlySpan} gy, {Span} gx, {Span} work)"))
        {
            writer.Line(backwardSizes);
            writer.Line($"{ReadOnlySpan} w = _parameters.Slice({W}, F * Patch);");
            writer.Line("var n = gy.Length / Out;");
            writer.Line($"var parts = {parts};");
            if (IsSame) EmitDirectBackwardShard(writer);
            else EmitColumnsBackwardShard(writer);
        }
        if (!IsSame)
        {
            writer.Line();
            EmitColumns(writer, gather: true);
        }
        if (!HasDirectInputGradient)
        {
            writer.Line();
            EmitColumns(writer, gather: false);
        }
    }

    /// <summary>
    /// The layer's sizes as constants, with the columns' (Pixels) and the shard's workspace (ShardLength) only where the
    /// code reads them: an unread constant is a warning, and warnings fail the build.
    /// </summary>
    private string Sizes(bool pixels, bool shardLength) =>
        $"const int In = {conv.InputLength}, Out = {conv.OutputLength}, F = {conv.Filters}, Patch = {Patch}"
        + (pixels ? $", Pixels = {Pixels}" : "") + $", Shards = {Shards}" + (shardLength ? $", ShardLength = {ShardLength}" : "") + ";";

    /// <summary>A shard's weight and bias gradients over its samples in one call, and its input gradient, directly where it can be.</summary>
    private void EmitDirectBackwardShard(IndentedWriter writer)
    {
        writer.Line("int first = part * n / parts, count = (part + 1) * n / parts - first;");
        writer.Line($"var dw = work.Slice({GradientsAt}, F * Patch);");
        var bias = conv.HasBias ? $"work.Slice({GradientsAt} + F * Patch, F)" : "default";
        var sizesArguments = $"{conv.Channels}, {conv.InputShape[1]}, {conv.InputShape[2]}, F, {conv.Kernel}";
        // Sums in the lanes over all the shard's samples, added across the lanes once (SameConvolution).
        writer.Line($"{Names.SameConvolution}.WeightGradient<{T.Name}>(x.Slice(first * In, count * In), gy.Slice(first * Out, count * Out), dw, {bias}, count, {sizesArguments});");
        if (HasDirectInputGradient)
        {
            // The input gradient from a padded copy of gy: the bits of the columns' gradient added back.
            writer.Line("if (!gx.IsEmpty)");
            writer.Line($"    {Names.SameConvolution}.InputGradient<{T.Name}>(gy.Slice(first * Out, count * Out), w, gx.Slice(first * In, count * In), count, {sizesArguments});");
            return;
        }

        writer.Line("if (gx.IsEmpty) return;");
        writer.Line("var columnGradients = work.Slice(part * ShardLength, Patch * Pixels);");
        using (writer.Block("for (var s = first; s < first + count; s++)"))
        {
            writer.Line($"{Names.Gemm}.MultiplyTransposedA<{T.Name}>(w, gy.Slice(s * Out, Out), columnGradients, Patch, Pixels, F);");
            writer.Line($"{Name}{Index}AddColumns(columnGradients, gx.Slice(s * In, In));");
        }
    }

    /// <summary>A shard's gradients sample by sample through the columns (im2col), for convolutions that are not "same".</summary>
    private void EmitColumnsBackwardShard(IndentedWriter writer)
    {
        writer.Line("var columns = work.Slice(part * ShardLength, Patch * Pixels);");
        writer.Line("var columnGradients = work.Slice(part * ShardLength + Patch * Pixels, Patch * Pixels);");
        writer.Line($"var dw = work.Slice({GradientsAt}, F * Patch);");
        writer.Line("dw.Clear();");
        if (conv.HasBias)
        {
            writer.Line($"var db = work.Slice({GradientsAt} + F * Patch, F);");
            writer.Line("db.Clear();");
        }
        using (writer.Block("for (var s = part * n / parts; s < (part + 1) * n / parts; s++)"))
        {
            writer.Line($"{Name}{Index}Columns(x.Slice(s * In, In), columns);");
            writer.Line("var gys = gy.Slice(s * Out, Out);");
            if (conv.HasBias)
            {
                writer.Line("for (var f = 0; f < F; f++)");
                writer.Line($"    db[f] += {Primitive("Sum")}(gys.Slice(f * Pixels, Pixels));");
            }
            writer.Line($"{Names.Gemm}.MultiplyTransposedB<{T.Name}>(gys, columns, dw, F, Patch, Pixels, accumulate: true);");
            writer.Line("if (gx.IsEmpty) continue;");
            writer.Line($"{Names.Gemm}.MultiplyTransposedA<{T.Name}>(w, gys, columnGradients, Patch, Pixels, F);");
            writer.Line($"{Name}{Index}AddColumns(columnGradients, gx.Slice(s * In, In));");
        }
    }

    /// <summary>im2col (gather) and its transpose, col2im (scatter-add): Patches with this layer's constant sizes.</summary>
    private void EmitColumns(IndentedWriter writer, bool gather)
    {
        int channels = conv.Channels, height = conv.InputShape[1], width = conv.InputShape[2];
        string signature;
        if (gather)
        {
            writer.Line($"// Layer {Index}: copies every {conv.Kernel}×{conv.Kernel} patch of one sample into columns:");
            writer.Line("// columns[(c·K + i)·K + j, oy·OW + ox] = x[c, oy·S + i − P, ox·S + j − P], zero outside the input.");
            signature = $"private static void {Name}{Index}Columns({ReadOnlySpan} x, {Span} columns)";
        }
        else
        {
            writer.Line($"// Layer {Index}: the transpose of {Name}{Index}Columns: overwrites gx with the sum of every column value over the pixel it came from.");
            signature = $"private static void {Name}{Index}AddColumns({ReadOnlySpan} columns, {Span} gx)";
        }
        using (writer.Block(signature))
        {
            writer.Line($"const int C = {channels}, H = {height}, W = {width}, K = {conv.Kernel}, S = {conv.Stride}, P = {conv.Pad}, OH = {conv.OutputShape[1]}, OW = {conv.OutputShape[2]};");
            writer.Line(gather
                ? $"{Names.Patches}.Columns<{T.Name}>(x, columns, C, H, W, K, S, P, OH, OW);"
                : $"{Names.Patches}.AddColumns<{T.Name}>(columns, gx, C, H, W, K, S, P, OH, OW);");
        }
    }
}
