using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Prints a network's <c>{Class}.Kernels.g.cs</c>, emitted only when the compilation references NnGen.Gpu: the
/// static ILGPU kernels of every layer (shapes as constants), the loss and optimizer kernels, and a nested
/// <c>DeviceProgram</c> that loads them on an accelerator, owns the layers' device buffers and sequences the
/// forward pass, the loss and the backward pass. The class implements <c>NnGen.Gpu.IGpuModel&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// Tensors are numbered as on the CPU: x0 is the input, x(k+1) the output of layer k, g(k) = ∂L/∂x(k). Layers that
/// pass their input through (Flatten, Identity, Residual, Dropout in inference, EndResidual backward) reuse the
/// buffer below them. A Dense or Conv2D layer followed by an element-wise activation writes both its output and the
/// activation's in one kernel, so the activation's own forward kernel is never launched.
/// </remarks>
internal sealed class GpuEmitter
{
    private readonly NetworkPlan _plan;
    private readonly NumberType _t;
    private readonly GpuLayerKernels _kernels;
    private readonly IReadOnlyList<LayerPlan> _layers;
    private readonly List<GpuKernel> _all = [];
    private readonly List<string> _helpers = [];
    private readonly SortedDictionary<string, string> _buffers = new(); // field → length expression in capacity
    private readonly HashSet<int> _fusedActivations = [];

    private GpuEmitter(NetworkPlan plan)
    {
        _plan = plan;
        _t = new NumberType(plan.Precision);
        _kernels = new GpuLayerKernels(_t);
        _layers = plan.Layers;
        for (var k = 0; k + 1 < _layers.Count; k++)
        {
            if (_layers[k] is DensePlan or Conv2DPlan && GpuLayerKernels.Fusable(_layers[k + 1])) _fusedActivations.Add(k + 1);
        }
        CollectKernels();
    }

    public static string Emit(NetworkPlan plan) => new GpuEmitter(plan).Emit();

    private string T => _t.Name;

    private string View => _kernels.View;

    private int Last => _layers.Count - 1;

    /// <summary>The network class as the nested program names it, past the base class's members of the same names.</summary>
    private string Outer => _plan.ClassName;

    /// <summary>The highest layer that runs backward: the fused loss gives the gradient at the last layer's input.</summary>
    private int Top => _plan.FusedLoss ? Last - 1 : Last;

    /// <summary>The first layer with parameters; the layers below it run backward only for input gradients.</summary>
    private int FirstTrainable => _layers.FirstOrDefault(l => l.ParameterCount > 0)?.Index ?? _layers.Count;

    private ActivationPlan? FusedAfter(int k) => _fusedActivations.Contains(k + 1) ? (ActivationPlan)_layers[k + 1] : null;

    private bool HasBackward(int k) => k <= Top;

    private void CollectKernels()
    {
        foreach (var layer in _layers)
        {
            var k = layer.Index;
            switch (layer)
            {
                case DensePlan dense:
                    _all.AddRange(_kernels.Dense(dense, FusedAfter(k)));
                    break;
                case Conv2DPlan conv:
                    _all.AddRange(_kernels.Conv2D(conv, FusedAfter(k)));
                    _helpers.Add(_kernels.Conv2DHelpers(conv));
                    break;
                case ActivationPlan { Function: not Act.Identity } activation:
                    _all.AddRange(_kernels.Activation(activation, _fusedActivations.Contains(k), HasBackward(k)));
                    break;
                case DropoutPlan dropout:
                    _all.AddRange(_kernels.Dropout(dropout));
                    break;
                case PoolPlan pool:
                    _all.AddRange(_kernels.Pool(pool, HasBackward(k)));
                    break;
                case BatchNormPlan batchNorm:
                    _all.AddRange(_kernels.BatchNorm(batchNorm, HasBackward(k)));
                    break;
            }
        }
        if (_layers.Any(l => l is ResidualPlan)) _all.Add(_kernels.Add());
        if (_layers.Any(l => l is DropoutPlan)) _helpers.Add(GpuLayerKernels.HashHelper);
        _all.Add(_kernels.Loss(_plan.Loss, _plan.FusedLoss, _plan.OutputLength));
        _all.AddRange(_kernels.Optimizers());
    }

    private string Emit() => GeneratedFile.Write(
        _plan,
        ["// Each kernel states its layer's whole shape as constants; not every kernel reads all of them.", "#pragma warning disable CS0219"],
        EmitClass);

    private void EmitClass(IndentedWriter writer)
    {
        using (writer.Block($"partial class {_plan.ClassName} : {GpuNames.IGpuModel}<{T}>"))
        {
            writer.Line("/// <summary>Loads this network's kernels on <paramref name=\"accelerator\"/> with device buffers for its parameters, batches and layers.</summary>");
            writer.Line($"public {GpuNames.GpuProgram}<{T}> CreateGpuProgram({GpuNames.Accelerator} accelerator) => new DeviceProgram(accelerator);");
            writer.Line();
            EmitKernels(writer);
            writer.Line();
            EmitProgram(writer);
        }
    }

    private void EmitKernels(IndentedWriter writer)
    {
        writer.Line($"/// <summary>The ILGPU kernels of {_plan.ClassName}, specialized to its shapes; DeviceProgram loads and launches them.</summary>");
        using (writer.Block("public static class GpuKernels"))
        {
            var first = true;
            foreach (var kernel in _all)
            {
                if (!first) writer.Line();
                first = false;
                writer.Line($"// {kernel.Comment}");
                using (writer.Block(kernel.Signature)) writer.Lines(kernel.Body);
            }
            foreach (var helper in _helpers)
            {
                writer.Line();
                writer.Lines(helper);
            }
        }
    }

    // ------------------------------------------------------------------ the device program

    /// <summary>Each tensor x(k) in one mode, as the expression of its device view.</summary>
    private string[] Tensors(bool training)
    {
        var x = new string[_layers.Count + 1];
        x[0] = "Inputs";
        foreach (var layer in _layers)
        {
            var k = layer.Index;
            if (PassesThrough(layer, training)) x[k + 1] = x[k];
            else if (k == Last) x[k + 1] = "Outputs";
            else x[k + 1] = Buffer($"_x{k + 1}", $"capacity * {layer.OutputLength}");
        }
        return x;
    }

    private static bool PassesThrough(LayerPlan layer, bool training) => layer switch
    {
        FlattenPlan or ResidualPlan => true,
        ActivationPlan { Function: Act.Identity } => true,
        DropoutPlan => !training,
        _ => false,
    };

    /// <summary>Each gradient g(k) = ∂L/∂x(k) the backward pass uses, as the expression of its device view.</summary>
    private string[] Gradients()
    {
        var g = new string[_layers.Count + 1];
        var lossGradientLength = Top + 1 > Last ? _plan.OutputLength : _layers[Top + 1].InputLength;
        g[Top + 1] = Buffer($"_g{Top + 1}", $"capacity * {lossGradientLength}");
        for (var k = Top; k >= 0; k--)
        {
            var layer = _layers[k];
            if (layer is FlattenPlan or EndResidualPlan or ActivationPlan { Function: Act.Identity }) g[k] = g[k + 1];
            else if (k == 0) g[k] = "InputGradients";
            else g[k] = Buffer($"_g{k}", $"capacity * {layer.InputLength}");
        }
        return g;
    }

    private string Buffer(string field, string length)
    {
        _buffers[field] = length;
        return field + ".View";
    }

    private void EmitProgram(IndentedWriter writer)
    {
        var training = Tensors(training: true);
        var inference = Tensors(training: false);
        var gradients = Gradients();
        var forwardTraining = ForwardLines(training, train: true);
        var forwardInference = ForwardLines(inference, train: false);
        var backward = BackwardLines(training, gradients);
        foreach (var layer in _layers)
        {
            if (layer is DropoutPlan) _buffers[$"_mask{layer.Index}"] = $"capacity * {layer.OutputLength}";
            if (layer is BatchNormPlan bn) _buffers[$"_work{layer.Index}"] = $"{4 * bn.Channels}";
        }

        var buffer = $"{GpuNames.MemoryBuffer}<{T}, {GpuNames.Dense}>";
        writer.Line("/// <summary>The kernels loaded on one accelerator, and every device buffer the layers read and write.</summary>");
        using (writer.Block($"private sealed class DeviceProgram : {GpuNames.GpuProgram}<{T}>"))
        {
            foreach (var kernel in _all) writer.Line($"private readonly {kernel.DelegateType} {kernel.Field};");
            writer.Line();
            writer.Line("// Batch-sized buffers, (capacity, values per sample): layer outputs x, gradients g, dropout masks; BatchNorm's");
            writer.Line("// work holds the batch's μ and 1/σ per channel, then the two means its backward pass needs.");
            foreach (var field in _buffers.Keys) writer.Line($"private {buffer} {field} = null!;");
            writer.Line("private bool _training;");
            writer.Line();
            using (writer.Block($"public DeviceProgram({GpuNames.Accelerator} accelerator) : base(accelerator, {Outer}.InputLength, {Outer}.OutputLength, {Outer}.ParameterCount, {Outer}.BufferCount)"))
            {
                foreach (var kernel in _all) writer.Line(kernel.Load);
            }
            writer.Line();
            using (writer.Block("protected override void AllocateLayers(int capacity)"))
            {
                foreach (var pair in _buffers) writer.Line($"{pair.Key} = Allocate({pair.Value});");
            }
            writer.Line();
            writer.Line("/// <summary>Runs the network over n samples of Inputs into Outputs; training mode keeps each layer's output for Backward.</summary>");
            using (writer.Block("public override void Forward(int n, bool training)"))
            {
                writer.Line("_training = training;");
                using (writer.Block("if (training)")) writer.Lines(string.Join("\n", forwardTraining));
                using (writer.Block("else")) writer.Lines(string.Join("\n", forwardInference));
            }
            writer.Line();
            var z = _plan.FusedLoss ? (training[Last] == inference[Last] ? training[Last] : $"(_training ? {training[Last]} : {inference[Last]})") : "Outputs";
            writer.Line($"/// <summary>{LossComment()}; adds the samples' losses to LossSum, counts those classified correctly in CorrectCount and, with gradient, writes g{Top + 1} with the batch mean's 1/n.</summary>");
            using (writer.Block("public override void Loss(int n, bool gradient)"))
            {
                writer.Line($"_loss(n, {z}, Outputs, Targets, {gradients[Top + 1]}, LossSum, CorrectCount, ({T})(1.0 / n), gradient ? 1 : 0);");
            }
            writer.Line();
            writer.Line("/// <summary>The backward pass, last layer first: overwrites every parameter's gradient; the input gradient only when asked.</summary>");
            using (writer.Block("public override void Backward(int n, bool inputGradients)"))
            {
                writer.Lines(string.Join("\n", backward));
            }
            writer.Line();
            using (writer.Block($"protected override void LaunchSgd({T} minusRate, {T} momentum, int mode, global::ILGPU.ArrayView<{T}> velocity)"))
                writer.Line("_sgdStep(ParameterCount, Parameters, Gradients, velocity, minusRate, momentum, mode);");
            writer.Line();
            using (writer.Block($"protected override void LaunchRmsProp({T} minusRate, {T} rho, {T} oneMinusRho, {T} epsilon, global::ILGPU.ArrayView<{T}> meanSquare)"))
                writer.Line("_rmsPropStep(ParameterCount, Parameters, Gradients, meanSquare, minusRate, rho, oneMinusRho, epsilon);");
            writer.Line();
            using (writer.Block($"protected override void LaunchAdam({T} beta1, {T} oneMinusBeta1, {T} beta2, {T} oneMinusBeta2, {T} epsilon, {T} minusStepSize, " +
                $"{T} secondMomentCorrection, {T} weightDecay, {T} shrink, global::ILGPU.ArrayView<{T}> firstMoment, global::ILGPU.ArrayView<{T}> secondMoment)"))
                writer.Line("_adamStep(ParameterCount, Parameters, Gradients, firstMoment, secondMoment, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, minusStepSize, secondMomentCorrection, weightDecay, shrink);");
        }
    }

    private string LossComment() => _plan.Loss switch
    {
        LossKind.CrossEntropy => "Softmax cross-entropy from the logits (the last layer's input)",
        LossKind.BinaryCrossEntropy => "Sigmoid binary cross-entropy from the logits (the last layer's input)",
        _ => "Mean squared error ½|y − t|² per sample",
    };

    private List<string> ForwardLines(string[] x, bool train)
    {
        var lines = new List<string>();
        foreach (var layer in _layers)
        {
            var k = layer.Index;
            string input = x[k], output = x[k + 1];
            var fused = FusedAfter(k);
            var activated = fused is null ? "" : $", {x[k + 2]}";
            switch (layer)
            {
                case DensePlan dense:
                    lines.Add($"// Layer {k}: {dense.Title}{(fused is null ? "" : $", with layer {k + 1}'s {fused.Function} fused")}.");
                    lines.Add($"_dense{k}Forward(Tiles(n, {dense.Units}), {input}, Parameters, {output}{activated}, n);");
                    break;
                case Conv2DPlan conv:
                    lines.Add($"// Layer {k}: {conv.Title}{(fused is null ? "" : $", with layer {k + 1}'s {fused.Function} fused")}.");
                    lines.Add($"_conv2D{k}Forward(Tiles({conv.Filters}, n * {conv.OutputShape[1] * conv.OutputShape[2]}), {input}, Parameters, {output}{activated}, n);");
                    break;
                case ActivationPlan { Function: Act.Softmax } softmax:
                    lines.Add($"_softmax{k}Forward(n, {input}, {output}); // layer {k}, {softmax.Title}");
                    break;
                case ActivationPlan activation when activation.Function != Act.Identity && !_fusedActivations.Contains(k):
                    lines.Add($"_{Camel(activation.Function.ToString())}{k}Forward(n * {layer.OutputLength}, {input}, {output}); // layer {k}, {activation.Title}");
                    break;
                case DropoutPlan dropout when train:
                    lines.Add($"_dropout{k}Forward(n * {layer.OutputLength}, {input}, {output}, _mask{k}.View, DropoutSeed, DropoutStep); // layer {k}, {dropout.Title}");
                    break;
                case PoolPlan pool:
                    var name = pool.Kind == PoolKind.Max ? "maxPool2D" : "avgPool2D";
                    lines.Add($"_{name}{k}Forward(n * {layer.OutputLength}, {input}, {output}); // layer {k}, {pool.Title}");
                    break;
                case BatchNormPlan bn when train:
                    lines.Add($"// Layer {k}: BatchNorm with the batch's statistics.");
                    lines.Add($"_batchNorm{k}Statistics(PerChannel({bn.Channels}), {input}, Statistics, _work{k}.View, n);");
                    lines.Add($"_batchNorm{k}Normalize(n * {layer.OutputLength}, {input}, Parameters, _work{k}.View, {output});");
                    break;
                case BatchNormPlan:
                    lines.Add($"_batchNorm{k}Infer(n * {layer.OutputLength}, {input}, Parameters, Statistics, {output}); // layer {k}, BatchNorm with the running statistics");
                    break;
                case EndResidualPlan end:
                    lines.Add($"_add(n * {layer.OutputLength}, {input}, {x[end.StartIndex]}, {output}); // layer {k}, {end.Title}");
                    break;
            }
        }
        if (x[_layers.Count] != "Outputs")
            lines.Add($"{GpuNames.ArrayViewExtensions}.CopyTo({x[_layers.Count]}.SubView(0, n * OutputLength), Outputs.SubView(0, n * OutputLength)); // the last layer passes its input through");
        return lines;
    }

    private List<string> BackwardLines(string[] x, string[] g)
    {
        var lines = new List<string>();
        for (var k = Top; k >= 0; k--)
        {
            var layer = _layers[k];
            var block = new List<string>();
            string gy = g[k + 1], gx = g[k], input = x[k], output = x[k + 1];
            var gxWanted = k == FirstTrainable ? "inputGradients" : null; // below the first trainable layer only input gradients need gx
            switch (layer)
            {
                case DensePlan dense:
                    block.Add($"// Layer {k}: {dense.Title}.");
                    block.Add($"_dense{k}WeightGradient(Tiles({dense.Units}, {dense.Inputs}), {input}, {gy}, Gradients, n);");
                    block.Add($"_dense{k}BiasGradient(PerChannel({dense.Units}), {gy}, Gradients, n);");
                    block.Add(Guarded(gxWanted, $"_dense{k}InputGradient(Tiles(n, {dense.Inputs}), {gy}, Parameters, {gx}, n);"));
                    break;
                case Conv2DPlan conv:
                    block.Add($"// Layer {k}: {conv.Title}.");
                    block.Add($"{GpuNames.ArrayViewExtensions}.MemSetToZero(Gradients.SubView({conv.WeightOffset}, {conv.Filters * conv.Channels * conv.Kernel * conv.Kernel}));");
                    block.Add($"_conv2D{k}WeightGradient(SplitTiles({conv.Filters}, {conv.Channels * conv.Kernel * conv.Kernel}, n * {conv.OutputShape[1] * conv.OutputShape[2]}), {input}, {gy}, Gradients, n);");
                    if (conv.HasBias) block.Add($"_conv2D{k}BiasGradient(PerChannel({conv.Filters}), {gy}, Gradients, n);");
                    block.Add(Guarded(gxWanted, $"_conv2D{k}InputGradient(n * {conv.InputLength}, {gy}, Parameters, {gx});"));
                    break;
                case ActivationPlan { Function: Act.Identity }:
                case FlattenPlan:
                case EndResidualPlan:
                    break;
                case ActivationPlan { Function: Act.Softmax } softmax:
                    block.Add($"_softmax{k}Backward(n, {output}, {gy}, {gx}); // layer {k}, {softmax.Title}");
                    break;
                case ActivationPlan activation:
                    block.Add($"_{Camel(activation.Function.ToString())}{k}Backward(n * {layer.OutputLength}, {input}, {output}, {gy}, {gx}); // layer {k}, {activation.Title}");
                    break;
                case DropoutPlan dropout:
                    block.Add($"_dropout{k}Backward(n * {layer.OutputLength}, {gy}, _mask{k}.View, {gx}); // layer {k}, {dropout.Title}");
                    break;
                case PoolPlan pool:
                    var name = pool.Kind == PoolKind.Max ? "maxPool2D" : "avgPool2D";
                    block.Add($"_{name}{k}Backward(n * {layer.InputLength}, {(pool.Kind == PoolKind.Max ? input + ", " : "")}{gy}, {gx}); // layer {k}, {pool.Title}");
                    break;
                case BatchNormPlan bn:
                    block.Add($"// Layer {k}: BatchNorm.");
                    block.Add($"_batchNorm{k}ParameterGradient(PerChannel({bn.Channels}), {input}, {gy}, Gradients, _work{k}.View, n);");
                    block.Add(Guarded(gxWanted, $"_batchNorm{k}InputGradient(n * {layer.InputLength}, {input}, {gy}, Parameters, _work{k}.View, {gx});"));
                    break;
                case ResidualPlan residual:
                    block.Add($"_add(n * {layer.InputLength}, {gy}, {g[residual.EndIndex + 1]}, {gx}); // layer {k}, Residual: the block's gradient plus the skipped one");
                    break;
            }
            if (block.Count == 0) continue;
            if (k < FirstTrainable)
            {
                lines.Add("if (inputGradients)");
                lines.Add("{");
                lines.AddRange(block.Select(l => "    " + l.Replace("\n", "\n    ")));
                lines.Add("}");
            }
            else lines.AddRange(block);
        }
        if (g[0] != "InputGradients")
            lines.Add($"if (inputGradients) {GpuNames.ArrayViewExtensions}.CopyTo({g[0]}.SubView(0, n * InputLength), InputGradients.SubView(0, n * InputLength)); // the first layers pass the gradient through");
        return lines;
    }

    private static string Guarded(string? condition, string line) => condition is null ? line : $"if ({condition}) {line}";

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);
}
