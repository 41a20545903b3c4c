using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Planning;

// The shape rule and checks of each layer kind.
internal static partial class Planner
{
    private static LayerPlan? PlanDense(DenseSpec dense, int index, EquatableArray<int> shape, Context context)
    {
        if (dense.Units <= 0)
        {
            context.Report(DiagnosticDescriptors.InvalidSize, dense, "[Dense]", "a positive number of units", dense.Units.ToString(), "[Dense(16)]");
            return null;
        }
        if (shape.Count != 1)
        {
            context.Report(DiagnosticDescriptors.DenseNeedsFlatten, dense, Shapes.Format(shape), Shapes.Length(shape).ToString());
            return null;
        }
        var weights = (long)dense.Units * shape[0];
        if (weights > int.MaxValue || !context.ReserveParameters(weights + dense.Units, dense, out var offset))
        {
            if (weights > int.MaxValue) context.Report(DiagnosticDescriptors.NetworkTooLarge, dense, context.ClassName, weights.ToString());
            return null;
        }
        var he = context.NextActivation(dense)?.Function is Act.ReLU or Act.LeakyReLU;
        return new DensePlan(index, shape, EquatableArray.Create(dense.Units), offset, offset + (int)weights, he, weights <= UnrollLimit);
    }

    private static LayerPlan? PlanConv2D(Conv2DSpec conv, int index, EquatableArray<int> shape, Context context)
    {
        if (shape.Count != 3)
        {
            context.Report(DiagnosticDescriptors.NeedsImage, conv, "Conv2D", Shapes.Format(shape));
            return null;
        }
        foreach (var (value, what, example) in new[] { (conv.Filters, "filters", "[Conv2D(8, kernel: 3)]"), (conv.Kernel, "kernel", "[Conv2D(8, kernel: 3)]"), (conv.Stride, "Stride", "Stride = 2") })
        {
            if (value > 0) continue;
            context.Report(DiagnosticDescriptors.InvalidSize, conv, "[Conv2D]", $"a positive {what}", value.ToString(), example);
            return null;
        }
        if (conv.Padding == Padding.Same && conv.Kernel % 2 == 0)
        {
            context.Report(DiagnosticDescriptors.SameNeedsOddKernel, conv, conv.Kernel.ToString(), (conv.Kernel - 1).ToString(), (conv.Kernel + 1).ToString());
            return null;
        }
        var pad = conv.Padding switch { Padding.Same => (conv.Kernel - 1) / 2, Padding.Full => conv.Kernel - 1, _ => 0 };
        int channels = shape[0], height = shape[1], width = shape[2];
        var height2 = (long)height + 2 * pad;
        var width2 = (long)width + 2 * pad;
        if (conv.Kernel > height2 || conv.Kernel > width2)
        {
            context.Report(DiagnosticDescriptors.NoOutput, conv, $"Conv2D {conv.Kernel}×{conv.Kernel}", Shapes.Format(shape),
                $"the kernel is larger than the input padded to {height2}×{width2}; use a smaller kernel, or Padding.Same");
            return null;
        }
        var outHeight = (int)((height2 - conv.Kernel) / conv.Stride + 1);
        var outWidth = (int)((width2 - conv.Kernel) / conv.Stride + 1);
        WarnIfFractional(context, conv, $"Conv2D {conv.Kernel}×{conv.Kernel}, stride {conv.Stride}", height2, width2, conv.Kernel, conv.Stride,
            outHeight, "pad the input or choose a stride that divides the padded size minus the kernel");

        var weights = (long)conv.Filters * channels * conv.Kernel * conv.Kernel;
        var output = (long)conv.Filters * outHeight * outWidth;
        if (weights > int.MaxValue || output > int.MaxValue)
        {
            context.Report(DiagnosticDescriptors.NetworkTooLarge, conv, context.ClassName, System.Math.Max(weights, output).ToString());
            return null;
        }
        if (!context.ReserveParameters(weights + (conv.Bias ? conv.Filters : 0), conv, out var offset)) return null;
        var he = context.NextActivation(conv)?.Function is Act.ReLU or Act.LeakyReLU;
        return new Conv2DPlan(index, shape, EquatableArray.Create(conv.Filters, outHeight, outWidth), conv.Kernel, conv.Stride, pad,
            offset, conv.Bias ? offset + (int)weights : -1, he);
    }

    private static LayerPlan? PlanPool(PoolSpec pool, int index, EquatableArray<int> shape, Context context)
    {
        if (shape.Count != 3)
        {
            context.Report(DiagnosticDescriptors.NeedsImage, pool, pool.AttributeName, Shapes.Format(shape));
            return null;
        }
        if (pool.Size <= 0 || pool.Stride < 0)
        {
            context.Report(DiagnosticDescriptors.InvalidSize, pool, $"[{pool.AttributeName}]", pool.Size <= 0 ? "a positive window size" : "a positive stride",
                (pool.Size <= 0 ? pool.Size : pool.Stride).ToString(), $"[{pool.AttributeName}(2)]");
            return null;
        }
        var stride = pool.Stride == 0 ? pool.Size : pool.Stride;
        int height = shape[1], width = shape[2];
        if (pool.Size > height || pool.Size > width)
        {
            context.Report(DiagnosticDescriptors.NoOutput, pool, $"{pool.AttributeName}({pool.Size})", Shapes.Format(shape),
                $"the {pool.Size}×{pool.Size} window is larger than the {height}×{width} input; use a window of at most {System.Math.Min(height, width)}");
            return null;
        }
        var outHeight = (height - pool.Size) / stride + 1;
        var outWidth = (width - pool.Size) / stride + 1;
        WarnIfFractional(context, pool, $"{pool.AttributeName}({pool.Size}" + (stride == pool.Size ? ")" : $", Stride = {stride})"),
            height, width, pool.Size, stride, outHeight, $"to keep them, pad the layer before (Padding.Same) so that {pool.Size} divides the size");
        return new PoolPlan(index, shape, EquatableArray.Create(shape[0], outHeight, outWidth), pool.Kind, pool.Size, stride);
    }

    /// <summary>NNG0018 when windows of <paramref name="window"/>, <paramref name="stride"/> apart, leave rows or columns over.</summary>
    private static void WarnIfFractional(Context context, LayerSpec layer, string what, long height, long width, int window, int stride,
        int outHeight, string instead)
    {
        var leftRows = (height - window) % stride;
        var leftColumns = (width - window) % stride;
        if (leftRows == 0 && leftColumns == 0) return;
        context.Report(DiagnosticDescriptors.FractionalSize, layer, what, height == width ? height.ToString() : $"{height}×{width}",
            System.Math.Max(leftRows, leftColumns).ToString(), outHeight.ToString(), instead);
    }

    private static LayerPlan? PlanBatchNorm(BatchNormSpec batchNorm, int index, EquatableArray<int> shape, Context context)
    {
        if (!(batchNorm.Momentum >= 0 && batchNorm.Momentum <= 1))
        {
            context.Report(DiagnosticDescriptors.ArgumentOutOfRange, batchNorm, "BatchNorm's Momentum", Shapes.Number(batchNorm.Momentum), "between 0 and 1, e.g. 0.1");
            return null;
        }
        if (!(batchNorm.Epsilon > 0 && !double.IsInfinity(batchNorm.Epsilon)))
        {
            context.Report(DiagnosticDescriptors.ArgumentOutOfRange, batchNorm, "BatchNorm's Epsilon", Shapes.Number(batchNorm.Epsilon), "a small positive number, e.g. 1e-5");
            return null;
        }
        if (index == 0) context.Report(DiagnosticDescriptors.BatchNormAfterInput, batchNorm);
        var channels = shape[0];
        if (!context.ReserveParameters(2L * channels, batchNorm, out var offset)) return null;
        if (!context.ReserveBuffers(2L * channels, batchNorm, out var bufferOffset)) return null;
        return new BatchNormPlan(index, shape, offset, offset + channels, bufferOffset, batchNorm.Momentum, batchNorm.Epsilon);
    }

    private static LayerPlan? PlanActivation(ActivationSpec activation, int index, EquatableArray<int> shape, Context context)
    {
        var isLast = activation == context.Body.LastOrDefault(l => l is not LossSpec);
        if (activation.Function == Act.Softmax && !isLast)
        {
            context.Report(DiagnosticDescriptors.SoftmaxNotLast, activation, index.ToString(), context.Body.Count(l => l is not LossSpec).ToString());
            return null;
        }
        if (activation.Function == Act.LeakyReLU && (double.IsNaN(activation.Alpha) || double.IsInfinity(activation.Alpha)))
        {
            context.Report(DiagnosticDescriptors.ArgumentOutOfRange, activation, "LeakyReLU's Alpha", Shapes.Number(activation.Alpha), "a finite number such as 0.01");
            return null;
        }
        if (activation.Function == Act.Step) context.Report(DiagnosticDescriptors.StepNotTrainable, activation, index.ToString());
        return new ActivationPlan(index, shape, activation.Function, activation.Function == Act.LeakyReLU ? activation.Alpha : 0);
    }

    private static LayerPlan? PlanDropout(DropoutSpec dropout, int index, EquatableArray<int> shape, List<DiagnosticInfo> diagnostics)
    {
        if (!(dropout.Rate >= 0 && dropout.Rate < 1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentOutOfRange, dropout.Location, "Dropout's rate",
                Shapes.Number(dropout.Rate), "at least 0 and below 1, e.g. [Dropout(0.2)]"));
            return null;
        }
        return new DropoutPlan(index, shape, dropout.Rate);
    }

    private static LayerPlan? PlanEndResidual(EndResidualSpec end, int index, EquatableArray<int> shape, List<LayerPlan> planned, Context context)
    {
        var starts = context.Pairs.Where(p => p.Value == index).Select(p => p.Key).ToList();
        if (starts.Count == 0) return null;
        var blockInput = planned[starts[0]].InputShape;
        if (blockInput == shape) return new EndResidualPlan(index, shape, starts[0]);
        var fix = blockInput.Count != shape.Count
            ? "close the block before [Flatten] changes the shape"
            : blockInput.Count == 3 && blockInput[1] == shape[1] && blockInput[2] == shape[2]
                ? $"give the block's last Conv2D {blockInput[0]} filters"
                : blockInput.Count == 3
                    ? "keep the size inside the block: Padding.Same and stride 1 in its Conv2D layers, and no pooling"
                    : $"give the block's last Dense {blockInput[0]} units";
        context.Report(DiagnosticDescriptors.ResidualShapeMismatch, end, Shapes.Format(blockInput), Shapes.Format(shape), fix);
        return null;
    }

    /// <summary>Which CrossEntropy/BCE/MSE rule the loss breaks; returns whether it is fused with the last layer.</summary>
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
}
