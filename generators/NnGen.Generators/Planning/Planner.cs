using System;
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
internal static class Planner
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
        }
        else if (!diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, spec.ClassLocation, spec.ClassName));
        }

        if (input is not null && inputShape.Count > 0)
        {
            var body = spec.Layers.SkipWhile(l => l != input).Skip(1).ToList();
            var lastLayer = body.LastOrDefault(l => l is not LossSpec);
            var shape = inputShape;
            var offset = 0L;
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
                var index = layers.Count;
                var planned = layer switch
                {
                    DenseSpec dense => PlanDense(dense, index, shape, ref offset, NextActivation(body, layer), spec.ClassName, diagnostics),
                    ActivationSpec activation => PlanActivation(activation, index, shape, activation == lastLayer, body, diagnostics),
                    DropoutSpec dropout => PlanDropout(dropout, index, shape, diagnostics),
                    FlattenSpec => new FlattenPlan(index, shape, EquatableArray.Create(Shapes.Length(shape))),
                    InputSpec => null,
                    _ => null,
                };
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
        if (input.Shape.Aggregate(1L, (p, d) => p * d) > int.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, input.Location, "Input",
                input.Shape.Aggregate(1L, (p, d) => p * d).ToString()));
            return EquatableArray<int>.Empty;
        }
        return input.Shape;
    }

    private static LayerPlan? PlanDense(DenseSpec dense, int index, EquatableArray<int> shape, ref long offset,
        ActivationSpec? next, string className, List<DiagnosticInfo> diagnostics)
    {
        if (dense.Units <= 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidSize, dense.Location, "[Dense]", "a positive number of units",
                dense.Units.ToString(), "[Dense(16)]"));
            return null;
        }
        if (shape.Count != 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseNeedsFlatten, dense.Location, Shapes.Format(shape),
                Shapes.Length(shape).ToString()));
            return null;
        }
        var weights = (long)dense.Units * shape[0];
        if (weights > int.MaxValue || offset + weights + dense.Units > int.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, dense.Location, className, (offset + weights + dense.Units).ToString()));
            return null;
        }
        var weightOffset = (int)offset;
        var biasOffset = (int)(offset + weights);
        offset += weights + dense.Units;
        var he = next?.Function is Act.ReLU or Act.LeakyReLU;
        return new DensePlan(index, shape, EquatableArray.Create(dense.Units), weightOffset, biasOffset, he, weights <= UnrollLimit);
    }

    private static LayerPlan? PlanActivation(ActivationSpec activation, int index, EquatableArray<int> shape, bool isLast,
        List<LayerSpec> body, List<DiagnosticInfo> diagnostics)
    {
        if (activation.Function == Act.Softmax && !isLast)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNotLast, activation.Location, index.ToString(),
                body.Count(l => l is not LossSpec).ToString()));
            return null;
        }
        if (activation.Function == Act.LeakyReLU && (double.IsNaN(activation.Alpha) || double.IsInfinity(activation.Alpha)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentOutOfRange, activation.Location, "LeakyReLU's Alpha",
                activation.Alpha.ToString("R"), "a finite number such as 0.01"));
            return null;
        }
        if (activation.Function == Act.Step)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StepNotTrainable, activation.Location, index.ToString()));
        return new ActivationPlan(index, shape, activation.Function, activation.Function == Act.LeakyReLU ? activation.Alpha : 0);
    }

    private static LayerPlan? PlanDropout(DropoutSpec dropout, int index, EquatableArray<int> shape, List<DiagnosticInfo> diagnostics)
    {
        if (!(dropout.Rate >= 0 && dropout.Rate < 1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentOutOfRange, dropout.Location, "Dropout's rate",
                dropout.Rate.ToString("R"), "at least 0 and below 1, e.g. [Dropout(0.2)]"));
            return null;
        }
        return new DropoutPlan(index, shape, dropout.Rate);
    }

    /// <summary>Checks the loss against the last layer; returns whether the two are fused.</summary>
    private static bool CheckLoss(LossKind loss, LossSpec? lossSpec, ActivationPlan? last, NetworkSpec spec, List<DiagnosticInfo> diagnostics)
    {
        var location = lossSpec?.Location ?? spec.ClassLocation;
        var lastName = last is null ? "not an activation" : last.Function.ToString();
        switch (loss)
        {
            case LossKind.CrossEntropy when last?.Function != Act.Softmax:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyWithoutSoftmax, location, lastName));
                return false;
            case LossKind.BinaryCrossEntropy when last?.Function != Act.Sigmoid:
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BinaryCrossEntropyWithoutSigmoid, location, lastName));
                return false;
            case LossKind.MeanSquaredError when last?.Function == Act.Softmax:
                var softmax = spec.Layers.OfType<ActivationSpec>().LastOrDefault(a => a.Function == Act.Softmax);
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxWithMeanSquaredError, lossSpec?.Location ?? softmax?.Location ?? location,
                    lossSpec is null ? "the default loss, MeanSquaredError" : "MeanSquaredError"));
                return false;
            case LossKind.CrossEntropy or LossKind.BinaryCrossEntropy:
                return true;
            default:
                return false;
        }
    }

    private static ActivationSpec? NextActivation(List<LayerSpec> body, LayerSpec layer)
    {
        var position = body.IndexOf(layer);
        return position + 1 < body.Count ? body[position + 1] as ActivationSpec : null;
    }
}
