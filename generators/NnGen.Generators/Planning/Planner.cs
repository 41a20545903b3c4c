using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Planning;

/// <summary>
/// Shape inference and every rule about layers: turns a <see cref="NetworkSpec"/> into a <see cref="NetworkPlan"/>
/// with each tensor's shape, each parameter's offset and the diagnostics. Pure C#: tests call it directly.
/// </summary>
internal static partial class Planner
{
    /// <summary>Dense layers with at most this many weights are emitted as straight-line code.</summary>
    public const int UnrollLimit = 64;

    public static NetworkPlan Plan(NetworkSpec spec, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<DiagnosticInfo>(spec.Diagnostics);
        var layers = new List<LayerPlan>();
        var input = spec.Layers.OfType<InputSpec>().FirstOrDefault();
        var loss = LossKind.MeanSquaredError;
        LossSpec? lossSpec = null;
        var inputShape = EquatableArray<int>.Empty;

        if (input is not null)
        {
            foreach (var early in spec.Layers.TakeWhile(l => l != input))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InputNotFirst, early.Location, early.AttributeName));
            inputShape = CheckInputShape(input, diagnostics);

            // C# refuses a second [Input] too (CS0579), but the layers must not be planned as if it were not there:
            // planning stopped at it and emitted a network cut off inside a residual block.
            foreach (var repeated in spec.Layers.OfType<InputSpec>().Skip(1))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RepeatedInput, repeated.Location));
        }
        else if (!diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, spec.ClassLocation, spec.ClassName));
        }

        if (input is not null && inputShape.Count > 0)
        {
            var body = spec.Layers.SkipWhile(l => l != input).Skip(1).ToList();
            var context = new Context(spec.ClassName, body, Residuals.Pair(body.Where(l => l is not LossSpec).ToList(), diagnostics), diagnostics);
            var shape = inputShape;
            foreach (var layer in body)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (lossSpec is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossNotLast, layer.Location, layer.AttributeName));
                    continue;
                }
                if (layer is LossSpec l)
                {
                    lossSpec = l;
                    loss = l.Kind;
                    continue;
                }
                var planned = PlanLayer(layer, layers.Count, shape, layers, context);
                if (planned is null) break;
                layers.Add(planned);
                shape = planned.OutputShape;
            }
        }

        if (input is not null && inputShape.Count > 0 && layers.Count == 0 && !diagnostics.Any(d => d.IsError))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, input.Location, spec.ClassName));
        var last = layers.LastOrDefault() as ActivationPlan;
        var fused = CheckLoss(loss, lossSpec, last, spec, diagnostics);
        return new NetworkPlan(spec.Namespace, spec.ContainingTypes, spec.ClassName, spec.HintName,
            input?.Precision ?? Precision.Single, inputShape, layers.ToEquatableArray(), loss, fused,
            diagnostics.ToEquatableArray());
    }

    private static LayerPlan? PlanLayer(LayerSpec layer, int index, EquatableArray<int> shape, List<LayerPlan> planned, Context context) =>
        layer switch
        {
            DenseSpec dense => PlanDense(dense, index, shape, context),
            Conv2DSpec conv => PlanConv2D(conv, index, shape, context),
            PoolSpec pool => PlanPool(pool, index, shape, context),
            BatchNormSpec batchNorm => PlanBatchNorm(batchNorm, index, shape, context),
            ActivationSpec activation => PlanActivation(activation, index, shape, context),
            DropoutSpec dropout => PlanDropout(dropout, index, shape, context.Diagnostics),
            FlattenSpec => new FlattenPlan(index, shape, EquatableArray.Create(Shapes.Length(shape))),
            ResidualSpec => context.Pairs.TryGetValue(index, out var end) ? new ResidualPlan(index, shape, end) : null,
            EndResidualSpec end => PlanEndResidual(end, index, shape, planned, context),
            _ => null,
        };

    private static EquatableArray<int> CheckInputShape(InputSpec input, List<DiagnosticInfo> diagnostics)
    {
        if (input.Shape.Count == 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, input.Location, "[Input]", "the size of one sample", "no size", "[Input(784)]"));
            return EquatableArray<int>.Empty;
        }
        if (input.Shape.Count > 3)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentOutOfRange, input.Location,
                "The rank of [Input]", $"{input.Shape.Count} ({string.Join(", ", input.Shape)})",
                "1 (a vector) or 3 (channels, height, width)"));
            return EquatableArray<int>.Empty;
        }
        if (input.Shape.Any(d => d <= 0))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, input.Location, "[Input]", "positive sizes",
                Shapes.Format(input.Shape), input.Shape.Count == 1 ? "[Input(784)]" : "[Input(1, 28, 28)]"));
            return EquatableArray<int>.Empty;
        }
        var length = input.Shape.Aggregate(1L, (p, d) => p * d);
        if (length > int.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, input.Location, "Input", length.ToString()));
            return EquatableArray<int>.Empty;
        }
        return input.Shape;
    }

    /// <summary>What every layer's planning shares: the stack, the residual pairs, the parameter and buffer offsets.</summary>
    private sealed class Context(string className, List<LayerSpec> body, Dictionary<int, int> pairs, List<DiagnosticInfo> diagnostics)
    {
        public string ClassName { get; } = className;

        public List<LayerSpec> Body { get; } = body;

        /// <summary>Residual index → EndResidual index, over the layers after [Input] (the loss excluded).</summary>
        public Dictionary<int, int> Pairs { get; } = pairs;

        public List<DiagnosticInfo> Diagnostics { get; } = diagnostics;

        public long ParameterOffset { get; private set; }

        public long BufferOffset { get; private set; }

        /// <summary>Places <paramref name="count"/> values in the parameter buffer; false (and NNG0015) when it would overflow.</summary>
        public bool ReserveParameters(long count, LayerSpec layer, out int offset) => Reserve(count, layer, parameters: true, out offset);

        public bool ReserveBuffers(long count, LayerSpec layer, out int offset) => Reserve(count, layer, parameters: false, out offset);

        /// <summary>The activation that follows <paramref name="layer"/>, looking past BatchNorm, or null.</summary>
        public ActivationSpec? NextActivation(LayerSpec layer)
        {
            for (var position = Body.IndexOf(layer) + 1; position < Body.Count; position++)
            {
                if (Body[position] is BatchNormSpec) continue;
                return Body[position] as ActivationSpec;
            }
            return null;
        }

        public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LayerSpec layer, params string[] arguments) =>
            Diagnostics.Add(DiagnosticInfo.Create(descriptor, layer.Location, arguments));

        private bool Reserve(long count, LayerSpec layer, bool parameters, out int offset)
        {
            var start = parameters ? ParameterOffset : BufferOffset;
            offset = 0;
            if (start + count > int.MaxValue)
            {
                Report(DiagnosticDescriptors.NetworkTooLarge, layer, ClassName, (start + count).ToString());
                return false;
            }
            offset = (int)start;
            if (parameters) ParameterOffset = start + count;
            else BufferOffset = start + count;
            return true;
        }
    }
}
