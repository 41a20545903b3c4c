using System.Collections.Generic;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// BatchNorm per channel: batch statistics and running estimates in training, running estimates in inference.
/// Its workspace keeps the batch's mean and 1/σ per channel from the forward pass for the backward pass.
/// </summary>
internal sealed class BatchNormEmitter(BatchNormPlan batchNorm, NumberType number) : LayerEmitter(batchNorm, number)
{
    private int C => batchNorm.Channels;

    protected override string Name => "BatchNorm";

    protected override string Kind => "BatchNorm";

    protected override string DescriptionProperties =>
        $"Momentum = {Shapes.Number(batchNorm.Momentum)}, Epsilon = {Shapes.Number(batchNorm.Epsilon)}, Bias = true";

    private string InferMethod => $"{Name}{Index}Infer";

    public override bool HasParameters => true;

    public override int WorkspaceLength => 2 * C;

    public override IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> Tensors =>
    [
        ($"G{Index}", batchNorm.WeightOffset, $"{Index}.weight", EquatableArray.Create(C), "Scale"),
        ($"B{Index}", batchNorm.BiasOffset, $"{Index}.bias", EquatableArray.Create(C), "Bias"),
    ];

    public override IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> BufferTensors =>
    [
        ($"M{Index}", batchNorm.BufferOffset, $"{Index}.running_mean", EquatableArray.Create(C), "RunningStatistic"),
        ($"V{Index}", batchNorm.BufferOffset + C, $"{Index}.running_var", EquatableArray.Create(C), "RunningStatistic"),
    ];

    public override void EmitInitialization(IndentedWriter writer)
    {
        writer.Line($"_parameters.Slice(G{Index}, {C}).Fill({T.Literal(1)}); // γ = 1, β = 0");
        writer.Line($"new {Span}(_buffers, V{Index}, {C}).Fill({T.Literal(1)}); // running mean 0, running variance 1");
    }

    public override string Forward(string x, string y, string work, bool training) =>
        training ? base.Forward(x, y, work, training) : $"{InferMethod}(n, {x}, {y});";

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        var sizes = $"const int C = {C}, Spatial = {batchNorm.Spatial}, Groups = {System.Math.Min(C, 8)};";
        writer.Line($"{Header}, training: x̂ = (x − μ) / √(σ² + ε) with the batch's μ, σ² per channel, y = γ x̂ + β;");
        writer.Line($"// the running estimates move by momentum {Shapes.Number(batchNorm.Momentum)} towards μ and the unbiased σ².");
        writer.Line("// The channels are split into Groups runs, one part each: a channel's statistics are its own, so the result does");
        writer.Line("// not depend on which thread runs which run.");
        using (writer.Block($"private void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y, {Span} work)"))
        {
            writer.Line(sizes);
            writer.Line($"{Names.Workers}.For(Groups, this, x.Slice(0, n * C * Spatial), default, y.Slice(0, n * C * Spatial), work,");
            writer.Line($"    static (self, part, x, _, y, work) => self.{ForwardMethod}Channels(part, x, y, work));");
        }
        writer.Line();
        using (writer.Block($"private void {ForwardMethod}Channels(int part, {ReadOnlySpan} x, {Span} y, {Span} work)"))
        {
            writer.Line(sizes);
            writer.Line("var n = x.Length / (C * Spatial);");
            writer.Line($"const double Momentum = {Shapes.Number(batchNorm.Momentum)}, Epsilon = {Shapes.Number(batchNorm.Epsilon)};");
            writer.Line($"{ReadOnlySpan} gamma = _parameters.Slice(G{Index}, C), beta = _parameters.Slice(B{Index}, C);");
            writer.Line($"{Span} runningMean = new {Span}(_buffers, M{Index}, C), runningVariance = new {Span}(_buffers, V{Index}, C);");
            writer.Line($"{Span} mean = work.Slice(0, C), inverseStd = work.Slice(C, C);");
            writer.Line("var count = n * Spatial;");
            using (writer.Block("for (var c = C * part / Groups; c < C * (part + 1) / Groups; c++)"))
            {
                writer.Line("double sum = 0, squares = 0;");
                writer.Line("for (var s = 0; s < n; s++)");
                writer.Line($"    sum += {Primitive("Sum")}(x.Slice((s * C + c) * Spatial, Spatial));");
                writer.Line("var mu = sum / count;");
                writer.Line("for (var s = 0; s < n; s++)");
                writer.Line($"    squares += {Names.Normalization}.SquaredDeviations<{T.Name}>(x.Slice((s * C + c) * Spatial, Spatial), mu);");
                writer.Line("var variance = squares / count;");
                writer.Line($"mean[c] = ({T.Name})mu;");
                writer.Line($"inverseStd[c] = ({T.Name})(1 / global::System.Math.Sqrt(variance + Epsilon));");
                writer.Line($"runningMean[c] = ({T.Name})((1 - Momentum) * runningMean[c] + Momentum * mu);");
                writer.Line($"runningVariance[c] = ({T.Name})((1 - Momentum) * runningVariance[c] + Momentum * variance * count / global::System.Math.Max(count - 1, 1));");
                writer.Line("var scale = gamma[c] * inverseStd[c];");
                writer.Line("var shift = beta[c] - mean[c] * scale;");
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var yc = y.Slice((s * C + c) * Spatial, Spatial);");
                    writer.Line($"{Primitive("Multiply")}(x.Slice((s * C + c) * Spatial, Spatial), scale, yc);");
                    writer.Line($"{Primitive("Add")}(yc, shift, yc);");
                }
            }
        }
        writer.Line();

        writer.Line($"{Header}, inference: y = γ (x − running μ) / √(running σ² + ε) + β.");
        using (writer.Block($"private void {InferMethod}(int n, {ReadOnlySpan} x, {Span} y)"))
        {
            writer.Line($"const int C = {C}, Spatial = {batchNorm.Spatial};");
            writer.Line($"const double Epsilon = {Shapes.Number(batchNorm.Epsilon)};");
            using (writer.Block("for (var c = 0; c < C; c++)"))
            {
                writer.Line($"var scale = ({T.Name})(_parameters[G{Index} + c] / global::System.Math.Sqrt(_buffers[V{Index} + c] + Epsilon));");
                writer.Line($"var shift = _parameters[B{Index} + c] - _buffers[M{Index} + c] * scale;");
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var yc = y.Slice((s * C + c) * Spatial, Spatial);");
                    writer.Line($"{Primitive("Multiply")}(x.Slice((s * C + c) * Spatial, Spatial), scale, yc);");
                    writer.Line($"{Primitive("Add")}(yc, shift, yc);");
                }
            }
        }
        writer.Line();

        writer.Line($"{Header}, backward over the m = n·Spatial values of each channel, x̂ = (x − μ) / σ:");
        writer.Line("// ∂L/∂γ = Σ gy x̂, ∂L/∂β = Σ gy, gx = (γ / σ) (gy − Σ gy / m − x̂ Σ gy x̂ / m) (skipped when gx is empty).");
        using (writer.Block($"private void {BackwardMethod}({BackwardParameters}, {Span} work)"))
        {
            writer.Line(sizes);
            writer.Line($"{Names.Workers}.For(Groups, this, x.Slice(0, n * C * Spatial), gy.Slice(0, n * C * Spatial), gx, work,");
            writer.Line($"    static (self, part, x, gy, gx, work) => self.{BackwardMethod}Channels(part, x, gy, gx, work));");
        }
        writer.Line();
        using (writer.Block($"private void {BackwardMethod}Channels(int part, {ReadOnlySpan} x, {ReadOnlySpan} gy, {Span} gx, {Span} work)"))
        {
            writer.Line(sizes);
            writer.Line("var n = x.Length / (C * Spatial);");
            writer.Line($"{ReadOnlySpan} gamma = _parameters.Slice(G{Index}, C);");
            writer.Line($"{Span} dgamma = _gradients.Slice(G{Index}, C), dbeta = _gradients.Slice(B{Index}, C);");
            writer.Line($"{ReadOnlySpan} mean = work.Slice(0, C), inverseStd = work.Slice(C, C);");
            writer.Line("var count = n * Spatial;");
            using (writer.Block("for (var c = C * part / Groups; c < C * (part + 1) / Groups; c++)"))
            {
                writer.Line("double sumGradient = 0, sumGradientXhat = 0;");
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var at = (s * C + c) * Spatial;");
                    writer.Line($"var (sums, weighted) = {Names.Normalization}.GradientSums<{T.Name}>(x.Slice(at, Spatial), gy.Slice(at, Spatial), mean[c]);");
                    writer.Line("sumGradient += sums;");
                    writer.Line("sumGradientXhat += weighted;");
                }
                writer.Line("sumGradientXhat *= inverseStd[c];");
                writer.Line($"dgamma[c] = ({T.Name})sumGradientXhat;");
                writer.Line($"dbeta[c] = ({T.Name})sumGradient;");
                writer.Line("if (gx.IsEmpty) continue;");
                writer.Line("var k = gamma[c] * inverseStd[c];");
                writer.Line($"{T.Name} meanGradient = ({T.Name})(sumGradient / count), meanGradientXhat = ({T.Name})(sumGradientXhat / count);");
                writer.Line("var slope = inverseStd[c] * meanGradientXhat;");
                using (writer.Block("for (var s = 0; s < n; s++)"))
                {
                    writer.Line("var at = (s * C + c) * Spatial;");
                    writer.Line($"{Names.Normalization}.Backward<{T.Name}>(x.Slice(at, Spatial), gy.Slice(at, Spatial), gx.Slice(at, Spatial), mean[c], k, meanGradient, slope);");
                }
            }
        }
    }
}
