using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Predict for tiny float networks (straight-line Dense layers of at most eight units, tanh, ReLU): each layer's values
/// live in one 256-bit register, weights are read at constant offsets, tanh runs on the whole register. Each unit is
/// summed in the order the batch path sums it, so Predict and PredictBatch give the same bits.
/// </summary>
internal sealed class RegisterPredictEmitter(NetworkPlan plan, IReadOnlyList<LayerEmitter> layers)
{
    private const int Lanes = 8;
    private const string Vector256 = "global::System.Runtime.Intrinsics.Vector256";

    public bool Applies =>
        plan.Precision == Precision.Single
        && layers.Count > 0 && layers[0].Layer is DensePlan
        && layers.All(l => l.Layer switch
        {
            DensePlan dense => dense.Unrolled && dense.Units <= Lanes,
            ActivationPlan activation => activation.Function is Act.Tanh or Act.ReLU or Act.Identity,
            _ => false,
        });

    /// <summary>The block that runs the network in registers and returns, when the processor has 256-bit vectors.</summary>
    public void Emit(IndentedWriter writer)
    {
        writer.Line("// Tiny network: every layer's values in one 256-bit register, weights at constant offsets.");
        using (writer.Block($"if ({Vector256}.IsHardwareAccelerated)"))
        {
            writer.Line("ref var p = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_parameters);");
            var first = (DensePlan)layers[0].Layer;
            var values = Enumerable.Range(0, first.Inputs).Select(k => $"input[{k}]").ToArray();
            var register = "";
            foreach (var layer in layers)
            {
                var y = $"v{layer.Index + 1}";
                switch (layer.Layer)
                {
                    case DensePlan dense:
                        if (register.Length > 0)
                        {
                            for (var k = 0; k < dense.Inputs; k++) writer.Line($"var {register}_{k} = {Vector256}.GetElement({register}, {k});");
                            values = Enumerable.Range(0, dense.Inputs).Select(k => $"{register}_{k}").ToArray();
                        }
                        else
                        {
                            for (var k = 0; k < dense.Inputs; k++) writer.Line($"var x{k} = {values[k]};");
                            values = Enumerable.Range(0, dense.Inputs).Select(k => $"x{k}").ToArray();
                        }
                        writer.Line($"// Layer {dense.Index}: {dense.Title}");
                        var units = Enumerable.Range(0, Lanes).Select(o => o < dense.Units ? Unit(dense, o, values) : "0f");
                        writer.Line($"var {y} = {Vector256}.Create(" + string.Join(",\n    ", units) + ");");
                        break;
                    case ActivationPlan { Function: Act.Tanh }:
                        writer.Line($"var {y} = {Names.Activations}.Tanh({register});");
                        break;
                    case ActivationPlan { Function: Act.ReLU }:
                        writer.Line($"var {y} = {Vector256}.Max({register}, {Vector256}<float>.Zero);");
                        break;
                    default:
                        writer.Line($"var {y} = {register};");
                        break;
                }
                register = y;
            }
            for (var o = 0; o < plan.OutputLength; o++) writer.Line($"output[{o}] = {Vector256}.GetElement({register}, {o});");
            writer.Line("return;");
        }
    }

    /// <summary>b[o] + w[o, 0]·x₀ + w[o, 1]·x₁ + …, in the batch path's order.</summary>
    private static string Unit(DensePlan dense, int o, string[] inputs) =>
        $"global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {dense.BiasOffset + o})" + string.Concat(Enumerable.Range(0, dense.Inputs)
            .Select(k => $" + global::System.Runtime.CompilerServices.Unsafe.Add(ref p, {dense.WeightOffset + o * dense.Inputs + k}) * {inputs[k]}"));
}
