using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// The per-sample loss and its gradient. Fused losses read the last layer's input z (the logits), so that the
/// log-sum-exp shift keeps them finite for every input, and give the gradient with respect to z directly.
/// </summary>
internal sealed class LossEmitter(NetworkPlan plan, NumberType number)
{
    /// <summary>The call that adds one sample's loss; g receives its gradient times scale unless empty.</summary>
    public string Call(string z, string y, string t, string g, string scale) =>
        plan.FusedLoss ? $"SampleLoss({z}, {y}, {t}, {g}, {scale})" : $"SampleLoss({y}, {t}, {g}, {scale})";

    public string Description => plan.Loss switch
    {
        LossKind.CrossEntropy => "CrossEntropy, fused with the final Softmax",
        LossKind.BinaryCrossEntropy => "BinaryCrossEntropy, fused with the final Sigmoid",
        _ => "MeanSquaredError, ½|y − t|² per sample",
    };

    public void Emit(IndentedWriter writer)
    {
        var span = $"{Names.ReadOnlySpan}<{number.Name}>";
        var output = $"{Names.Span}<{number.Name}>";
        var length = plan.OutputLength;
        switch (plan.Loss)
        {
            case LossKind.CrossEntropy:
                writer.Line("// Loss of one sample: L = −Σⱼ tⱼ log pⱼ = Σⱼ tⱼ (lse(z) − zⱼ), lse(z) = m + log Σₖ e^(zₖ − m), m = maxₖ zₖ;");
                writer.Line("// ∂L/∂zⱼ = pⱼ Σₖ tₖ − tⱼ, which is p − t for one-hot targets.");
                using (writer.Block($"private static double SampleLoss({span} z, {span} p, {span} t, {output} g, {number.Name} scale)"))
                {
                    writer.Line($"const int Length = {length};");
                    writer.Line("double max = z[0];");
                    writer.Line("for (var j = 1; j < Length; j++) max = global::System.Math.Max(max, z[j]);");
                    writer.Line("double sum = 0, targetSum = 0, weighted = 0;");
                    using (writer.Block("for (var j = 0; j < Length; j++)"))
                    {
                        writer.Line("sum += global::System.Math.Exp(z[j] - max);");
                        writer.Line("targetSum += t[j];");
                        writer.Line("weighted += t[j] * (double)z[j];");
                    }
                    writer.Line("var loss = (max + global::System.Math.Log(sum)) * targetSum - weighted;");
                    writer.Line("if (g.IsEmpty) return loss;");
                    writer.Line($"for (var j = 0; j < Length; j++) g[j] = ({number.Name})((p[j] * targetSum - t[j]) * scale);");
                    writer.Line("return loss;");
                }
                break;
            case LossKind.BinaryCrossEntropy:
                writer.Line("// Loss of one sample: L = Σⱼ −tⱼ log pⱼ − (1 − tⱼ) log(1 − pⱼ) = Σⱼ max(zⱼ, 0) − zⱼ tⱼ + log(1 + e^−|zⱼ|), p = σ(z);");
                writer.Line("// ∂L/∂zⱼ = pⱼ − tⱼ.");
                using (writer.Block($"private static double SampleLoss({span} z, {span} p, {span} t, {output} g, {number.Name} scale)"))
                {
                    writer.Line($"const int Length = {length};");
                    writer.Line("double loss = 0;");
                    using (writer.Block("for (var j = 0; j < Length; j++)"))
                    {
                        writer.Line("double zj = z[j];");
                        writer.Line("loss += global::System.Math.Max(zj, 0) - zj * t[j] + global::System.Math.Log(1 + global::System.Math.Exp(-global::System.Math.Abs(zj)));");
                        writer.Line("if (!g.IsEmpty) g[j] = (p[j] - t[j]) * scale;");
                    }
                    writer.Line("return loss;");
                }
                break;
            default:
                writer.Line("// Loss of one sample: L = ½ Σⱼ (yⱼ − tⱼ)²; ∂L/∂yⱼ = yⱼ − tⱼ.");
                using (writer.Block($"private static double SampleLoss({span} y, {span} t, {output} g, {number.Name} scale)"))
                {
                    writer.Line($"const int Length = {length};");
                    writer.Line("double loss = 0;");
                    using (writer.Block("for (var j = 0; j < Length; j++)"))
                    {
                        writer.Line("var d = y[j] - t[j];");
                        writer.Line("loss += 0.5 * d * d;");
                        writer.Line("if (!g.IsEmpty) g[j] = d * scale;");
                    }
                    writer.Line("return loss;");
                }
                break;
        }
    }
}
