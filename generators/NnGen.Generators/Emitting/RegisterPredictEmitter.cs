using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Predict for tiny float networks (straight-line Dense layers of at most eight inputs and units, tanh, sigmoid,
/// softmax, ReLU): each layer's values live in one 256-bit register, a Dense layer is a few multiplications and
/// horizontal additions (<c>SmallDense</c>) on weights at constant offsets, the activations run on the whole register.
/// The batch path sums each unit in the same order and applies the same activations, so Predict and PredictBatch give
/// the same bits.
/// </summary>
internal sealed class RegisterPredictEmitter(NetworkPlan plan, IReadOnlyList<LayerEmitter> layers)
{
    private const string SmallDense = "global::NnGen.SmallDense";
    private const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    public bool Applies =>
        plan.Precision == Precision.Single
        && layers.Count > 0 && layers[0].Layer is DensePlan
        && layers.All(l => l switch
        {
            DenseEmitter dense => dense.InRegister,
            _ => l.Layer is ActivationPlan { Function: Act.Tanh or Act.Sigmoid or Act.Softmax or Act.ReLU or Act.Identity },
        });

    /// <summary>The block that runs the network in registers and returns, when the processor has AVX.</summary>
    public void Emit(IndentedWriter writer)
    {
        writer.Line("// Tiny network: every layer's values in one 256-bit register, weights at constant offsets.");
        using (writer.Block($"if ({SmallDense}.IsSupported)"))
        {
            writer.Line("ref var p = ref _parameters.Reference;");
            writer.Line($"var v0 = {SmallDense}.Load(input, {plan.InputLength});");
            var register = "v0";
            foreach (var layer in layers)
            {
                var y = $"v{layer.Index + 1}";
                switch (layer.Layer)
                {
                    case DensePlan dense:
                        writer.Line($"var {y} = {SmallDense}.Forward(ref {Unsafe}.Add(ref p, {dense.WeightOffset}), ref {Unsafe}.Add(ref p, {dense.BiasOffset}), " +
                            $"{register}, {dense.Inputs}, {dense.Units}); // layer {dense.Index}: {dense.Title}");
                        break;
                    case ActivationPlan { Function: Act.Tanh or Act.Sigmoid } activation:
                        writer.Line($"var {y} = {Names.Activations}.{activation.Function}({register});");
                        break;
                    case ActivationPlan { Function: Act.Softmax } softmax:
                        writer.Line($"var {y} = {Names.Activations}.Softmax({register}, {softmax.OutputLength});");
                        break;
                    case ActivationPlan { Function: Act.ReLU }:
                        writer.Line($"var {y} = global::System.Runtime.Intrinsics.Vector256.Max({register}, global::System.Runtime.Intrinsics.Vector256<float>.Zero);");
                        break;
                    default:
                        writer.Line($"var {y} = {register};");
                        break;
                }
                register = y;
            }
            writer.Line($"{SmallDense}.Store({register}, output, {plan.OutputLength});");
            writer.Line("return;");
        }
    }
}
