using System.Collections.Generic;
using System.Linq;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// Prints a network's class: constants, the parameter and gradient buffers, the constructor, Predict, PredictBatch,
/// Evaluate and TrainStep. Each layer's own code comes from its <see cref="LayerEmitter"/>.
/// </summary>
internal sealed class CpuEmitter
{
    /// <summary>Inference scratch up to this many bytes lives on the stack; larger scratch is one array per thread.</summary>
    private const int StackScratchBytes = 16 * 1024;

    private readonly NetworkPlan _plan;
    private readonly NumberType _t;
    private readonly IReadOnlyList<LayerEmitter> _layers;
    private readonly LossEmitter _loss;
    private readonly Dictionary<int, int> _scratchOffsets = new();
    private readonly Dictionary<int, int> _workOffsets = new();
    private readonly int _scratchPerSample;
    private readonly int _workLength;

    private CpuEmitter(NetworkPlan plan)
    {
        _plan = plan;
        _t = new NumberType(plan.Precision);
        _layers = plan.Layers.Select(Create).ToList();
        _loss = new LossEmitter(plan, _t);
        foreach (var layer in _layers.Where(ReLUMovesIntoPool)) ((PoolEmitter)_layers[layer.Index + 1]).AfterReLU = true;
        foreach (var conv in _layers.OfType<Conv2DEmitter>())
        {
            if (PoolingAfter(conv) is not { } pool || !conv.CanPool(pool)) continue;
            conv.Pooling = pool;
            pool.RunsInConvolution = true;
        }
        foreach (var layer in _layers.Take(_layers.Count - 1).Where(l => !l.ForwardPassesThrough(training: false) && !RunsInANeighbour(l)))
        {
            _scratchOffsets[layer.Index + 1] = _scratchPerSample;
            _scratchPerSample += layer.Layer.OutputLength;
        }
        foreach (var layer in _layers.Where(l => l.WorkspaceLength > 0 && !l.ForwardPassesThrough(training: false)))
        {
            _workOffsets[layer.Index] = _workLength;
            _workLength += layer.WorkspaceLength;
        }
    }

    public static string Emit(NetworkPlan plan) => new CpuEmitter(plan).Emit();

    private LayerEmitter Create(LayerPlan layer) => layer switch
    {
        DensePlan dense => new DenseEmitter(dense, _t),
        ActivationPlan activation => new ActivationEmitter(activation, _t),
        DropoutPlan dropout => new DropoutEmitter(dropout, _t),
        Conv2DPlan conv => new Conv2DEmitter(conv, _t),
        PoolPlan pool => new PoolEmitter(pool, _t),
        BatchNormPlan batchNorm => new BatchNormEmitter(batchNorm, _t),
        ResidualPlan residual => new ResidualEmitter(residual, _t),
        EndResidualPlan end => new EndResidualEmitter(end, _t),
        _ => new FlattenEmitter((FlattenPlan)layer, _t),
    };

    private string T => _t.Name;

    private string Span => $"{Names.Span}<{T}>";

    private string ReadOnlySpan => $"{Names.ReadOnlySpan}<{T}>";

    private string Class => _plan.ClassName;

    private string ReturnLoss => _plan.Precision == Precision.Double ? "return loss / n;" : "return (float)(loss / n);";

    private int Last => _layers.Count - 1;

    /// <summary>The layer whose input the loss reads as z: the last one when fused, else none.</summary>
    private int LossInput => _plan.FusedLoss ? Last : Last + 1;

    /// <summary>Whether one sample's inference scratch is too large for the stack.</summary>
    private bool UsesScratchArray => ((long)_scratchPerSample + _workLength) * (_plan.Precision == Precision.Double ? 8 : 4) > StackScratchBytes;

    /// <summary>
    /// Samples per inference pass of PredictBatch and Evaluate: as many as fit 64 Ki values of scratch (256 KB in
    /// float, an eighth of this machine's L2), at most 256, and a multiple of 4 where it can be, since the products
    /// work on blocks of six, four or two rows, which cover a multiple of four whole, and a leftover row runs alone.
    /// More samples per pass means each product copies its weights to aligned rows fewer times per batch.
    /// </summary>
    private int InferenceChunk
    {
        get
        {
            var chunk = System.Math.Max(1, System.Math.Min(256, 65536 / System.Math.Max(1, _scratchPerSample)));
            return chunk >= 4 ? chunk / 4 * 4 : chunk;
        }
    }

    private string Emit() => GeneratedFile.Write(_plan, [], EmitClass);

    private void EmitClass(IndentedWriter writer)
    {
        var summary = SummaryEmitter.Lines(_plan, _loss.Description);
        writer.Line("/// <remarks>");
        writer.Line("/// The network NnGen generated from this class's attributes:");
        writer.Line("/// <code>");
        foreach (var line in summary) writer.Line("/// " + System.Security.SecurityElement.Escape(line));
        writer.Line("/// </code>");
        writer.Line("/// </remarks>");
        using (writer.Block($"partial class {Class} : {Names.INetwork}<{T}>"))
        {
            EmitConstants(writer, summary);
            EmitFields(writer);
            EmitConstructor(writer);
            EmitInterfaceMembers(writer);
            EmitPredict(writer);
            EmitEvaluate(writer);
            EmitTrainStep(writer);
            EmitInfer(writer);
            EmitEnsureCapacity(writer);
            foreach (var layer in _layers.Where(l => l.HasMethods && !ReLUMovesIntoPool(l)))
            {
                layer.EmitMethods(writer, backward: layer.Index < LossInput);
                writer.Line();
            }
            _loss.Emit(writer);
        }
    }

    private void EmitConstants(IndentedWriter writer, IReadOnlyList<string> summary)
    {
        writer.Line($"/// <summary>The values in one input sample, shape {Shapes.Format(_plan.InputShape)}.</summary>");
        writer.Line($"public const int InputLength = {_plan.InputLength};");
        writer.Line();
        writer.Line($"/// <summary>The values in one output sample, shape {Shapes.Format(_plan.OutputShape)}.</summary>");
        writer.Line($"public const int OutputLength = {_plan.OutputLength};");
        writer.Line();
        writer.Line("/// <summary>The number of trainable values: the length of <see cref=\"Parameters\"/>.</summary>");
        writer.Line($"public const int ParameterCount = {_plan.ParameterCount};");
        writer.Line();
        writer.Line("/// <summary>The number of non-trainable values (BatchNorm's running statistics): the length of <see cref=\"Buffers\"/>.</summary>");
        writer.Line($"public const int BufferCount = {_plan.BufferCount};");
        writer.Line();
        writer.Line("// Where each tensor starts in the flat parameter (or buffer) array, with its PyTorch name and shape.");
        foreach (var tensor in _layers.SelectMany(l => l.Tensors.Concat(l.BufferTensors)))
            writer.Line($"private const int {tensor.Constant} = {tensor.Offset}; // {tensor.Name} {Shapes.Format(tensor.Shape)}");
        writer.Line();
        writer.Line("// Inference scratch for n samples: every layer's output (the last layer writes the caller's output), then the");
        writer.Line("// layers' workspaces; PredictBatch and Evaluate run InferenceChunk samples per pass.");
        writer.Line($"private const int ScratchPerSample = {_scratchPerSample}, WorkLength = {_workLength}, InferenceChunk = {InferenceChunk};");
        writer.Line();
        writer.Line("/// <summary>The layer table: each layer's output shape and parameter count.</summary>");
        writer.Line("public static string Summary => " + string.Join(" +\n        ", summary.Select((line, i) =>
            "\"" + Escape(line) + (i < summary.Count - 1 ? "\\n" : "") + "\"")) + ";");
        writer.Line();
        writer.Line($"private static readonly {Names.LayerDescription}[] s_layers = new {Names.LayerDescription}[]");
        writer.Line("{");
        foreach (var layer in _layers) writer.Line($"    {layer.Description},");
        writer.Line("};");
        writer.Line();
        EmitTensorTable(writer, "s_parameterTensors", _layers.SelectMany(l => l.Tensors));
        EmitTensorTable(writer, "s_bufferTensors", _layers.SelectMany(l => l.BufferTensors));
    }

    private static void EmitTensorTable(IndentedWriter writer, string field,
        IEnumerable<(string Constant, int Offset, string Name, EquatableArray<int> Shape, string Role)> tensors)
    {
        writer.Line($"private static readonly {Names.ParameterTensor}[] {field} = new {Names.ParameterTensor}[]");
        writer.Line("{");
        foreach (var tensor in tensors)
            writer.Line($"    new {Names.ParameterTensor}(\"{tensor.Name}\", {tensor.Constant}, new int[] {{ {string.Join(", ", tensor.Shape)} }}, {Names.ParameterRole}.{tensor.Role}),");
        writer.Line("};");
        writer.Line();
    }

    private void EmitFields(IndentedWriter writer)
    {
        writer.Line("// Parameters and gradients start on a cache line, so that the products' vector loads of weight rows do not straddle two.");
        writer.Line($"private readonly {Names.AlignedBuffer}<{T}> _parameters = new(ParameterCount);");
        writer.Line($"private readonly {Names.AlignedBuffer}<{T}> _gradients = new(ParameterCount);");
        writer.Line($"private readonly {T}[] _buffers = new {T}[BufferCount];");
        if (_plan.UsesDropout) writer.Line($"private readonly {Names.Rng} _dropoutRng;");
        writer.Line();
        writer.Line("// Inference scratch of InferenceChunk samples, one per thread, so that Predict is safe from many threads; it");
        writer.Line("// starts on a cache line, and so do the layers' rows in it (on aligned rows a 128 → 10 product ran 1.2× as fast).");
        writer.Line($"[{Names.ThreadStatic}]");
        writer.Line($"private static {Names.AlignedBuffer}<{T}>? t_scratch;");
        writer.Line();
        writer.Line("// Training buffers, each (capacity, values per sample): layer outputs x, gradients g = ∂L/∂x, dropout masks.");
        writer.Line("private int _capacity;");
        writer.Line("private int _trained; // samples in the last TrainStep");
        foreach (var (field, _) in TrainingBuffers())
            writer.Line($"private {T}[] {field} = global::System.Array.Empty<{T}>();");
        writer.Line("private double[] _losses = global::System.Array.Empty<double>(); // each sample's loss in the last TrainStep");
        foreach (var layer in _layers.Where(l => l.WorkspaceLength > 0))
            writer.Line($"private readonly {T}[] _work{layer.Index} = new {T}[{layer.WorkspaceLength}]; // layer {layer.Index}'s workspace");
        writer.Line();
    }

    private void EmitConstructor(IndentedWriter writer)
    {
        writer.Line("/// <summary>");
        writer.Line("/// Creates the network with weights drawn from <paramref name=\"seed\"/>: He normal before ReLU and LeakyReLU,");
        writer.Line("/// Glorot uniform elsewhere, biases zero. The same seed gives the same weights, bit for bit.");
        writer.Line("/// </summary>");
        using (writer.Block($"public {_plan.ClassName.Split('<')[0]}(int seed = 0)"))
        {
            writer.Line($"var rng = new {Names.Rng}(unchecked((ulong)seed));");
            foreach (var layer in _layers) layer.EmitInitialization(writer);
            if (_plan.UsesDropout) writer.Line($"_dropoutRng = new {Names.Rng}(rng.NextUInt64());");
        }
        writer.Line();
    }

    private void EmitInterfaceMembers(IndentedWriter writer)
    {
        writer.Line("/// <summary>Every trainable value, in PyTorch's layouts; see <see cref=\"ParameterTensors\"/>.</summary>");
        writer.Line($"public {Span} Parameters => _parameters;");
        writer.Line();
        writer.Line("/// <summary>The gradient of the last TrainStep's loss, laid out like <see cref=\"Parameters\"/>.</summary>");
        writer.Line($"public {Span} Gradients => _gradients;");
        writer.Line();
        writer.Line("/// <summary>The layers after [Input], in order, as plain data.</summary>");
        writer.Line($"public {Names.IReadOnlyList}<{Names.LayerDescription}> Layers => s_layers;");
        writer.Line();
        writer.Line("/// <summary>The generator behind Dropout's masks; null when the network has no Dropout.</summary>");
        writer.Line($"public {Names.Rng}? DropoutRng => {(_plan.UsesDropout ? "_dropoutRng" : "null")};");
        writer.Line();
        writer.Line("/// <summary>Where each weight and bias lies in <see cref=\"Parameters\"/>.</summary>");
        writer.Line($"public {Names.IReadOnlyList}<{Names.ParameterTensor}> ParameterTensors => s_parameterTensors;");
        writer.Line();
        writer.Line("/// <summary>Non-trainable state inference needs (BatchNorm's running statistics); see <see cref=\"BufferTensors\"/>.</summary>");
        writer.Line($"public {Span} Buffers => _buffers;");
        writer.Line();
        writer.Line("/// <summary>Where each running statistic lies in <see cref=\"Buffers\"/>.</summary>");
        writer.Line($"public {Names.IReadOnlyList}<{Names.ParameterTensor}> BufferTensors => s_bufferTensors;");
        writer.Line();
        writer.Line("/// <summary>The outputs of the last TrainStep, in training mode (Dropout on, BatchNorm on batch statistics).</summary>");
        var outputs = TrainingOutputBuffer;
        writer.Line(outputs is null
            ? $"public {ReadOnlySpan} TrainingOutputs => default; // the network passes its input through: nothing kept"
            : $"public {ReadOnlySpan} TrainingOutputs => new {ReadOnlySpan}({outputs}, 0, _trained * OutputLength);");
        writer.Line();
        writer.Line("/// <summary>The loss TrainStep minimizes.</summary>");
        writer.Line($"public {Names.LossKind} Loss => {Names.LossKind}.{_plan.Loss};");
        writer.Line();
        var network = $"{Names.INetwork}<{T}>";
        writer.Line($"int {network}.InputLength => InputLength;");
        writer.Line($"int {network}.OutputLength => OutputLength;");
        writer.Line($"int {network}.ParameterCount => ParameterCount;");
        writer.Line($"string {network}.Summary => Summary;");
        writer.Line();
    }

    private void EmitPredict(IndentedWriter writer)
    {
        var registers = new RegisterPredictEmitter(_plan, _layers);
        writer.Line("/// <summary>Runs one sample through the network in inference mode; allocates nothing.</summary>");
        if (registers.Applies)
        {
            // Inlined into a caller's loop, Predict used up the JIT's inlining budget and its second tanh and last
            // layer became calls that pass vectors through memory (30 ns a call instead of 24).
            writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
        }

        using (writer.Block($"public void Predict({ReadOnlySpan} input, {Span} output)"))
        {
            writer.Line($"{Names.Guard}.Length(input.Length, InputLength, \"{Class}.Predict\", nameof(input));");
            writer.Line($"{Names.Guard}.Length(output.Length, OutputLength, \"{Class}.Predict\", nameof(output));");
            if (registers.Applies)
            {
                registers.Emit(writer);
                writer.Line("PredictInScratch(input, output);");
            }
            else
            {
                EmitPredictInScratch(writer);
            }
        }
        writer.Line();
        if (registers.Applies)
        {
            writer.Line("// Predict without AVX, in a method of its own so that the register path's frame has no stack buffer to guard.");
            writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
            using (writer.Block($"private void PredictInScratch({ReadOnlySpan} input, {Span} output)"))
                EmitPredictInScratch(writer);
            writer.Line();
        }

        writer.Line("/// <summary>Runs n samples through the network in inference mode, at most InferenceChunk at a time, the runs shared by the threads.</summary>");
        using (writer.Block($"public void PredictBatch({ReadOnlySpan} inputs, {Span} outputs)"))
        {
            writer.Line($"var n = {Names.Guard}.BatchCount(\"{Class}.PredictBatch\", inputs.Length, InputLength, outputs.Length, OutputLength, nameof(outputs));");
            writer.Line($"{Names.Workers}.Chunks(n, InferenceChunk, InputLength, OutputLength, ParameterCount + ScratchPerSample, this, inputs, outputs,");
            writer.Line("    static (self, m, x, y) => self.InferChunk(m, x, y));");
        }
        writer.Line();
        writer.Line("// One run of PredictBatch, with the scratch of the thread it runs on.");
        using (writer.Block($"private void InferChunk(int m, {ReadOnlySpan} x, {Span} y)"))
        {
            EmitBatchScratch(writer);
            writer.Line("Infer(m, x, y, scratch);");
        }
        writer.Line();
    }

    // One sample through Infer, in a scratch on the stack or in the thread's array.
    private void EmitPredictInScratch(IndentedWriter writer)
    {
        writer.Line(UsesScratchArray
            ? ThreadScratch
            : $"{Span} scratch = stackalloc {T}[ScratchPerSample + WorkLength];");
        writer.Line("Infer(1, input, output, scratch);");
    }

    private void EmitEvaluate(IndentedWriter writer)
    {
        writer.Line("/// <summary>Runs n samples in inference mode, writes the outputs and returns the mean loss against the targets.</summary>");
        using (writer.Block($"public {T} Evaluate({ReadOnlySpan} inputs, {ReadOnlySpan} targets, {Span} outputs)"))
        {
            writer.Line($"var n = {Names.Guard}.BatchCount(\"{Class}.Evaluate\", inputs.Length, InputLength, targets.Length, OutputLength, nameof(targets));");
            writer.Line($"{Names.Guard}.Length(outputs.Length, n * OutputLength, \"{Class}.Evaluate\", nameof(outputs));");
            EmitBatchScratch(writer);
            writer.Line("double loss = 0;");
            using (writer.Block("for (var s = 0; s < n; s += InferenceChunk)"))
            {
                writer.Line("var m = global::System.Math.Min(InferenceChunk, n - s);");
                writer.Line("var y = outputs.Slice(s * OutputLength, m * OutputLength);");
                writer.Line("var t = targets.Slice(s * OutputLength, m * OutputLength);");
                var infer = "Infer(m, inputs.Slice(s * InputLength, m * InputLength), y, scratch);";
                writer.Line(_plan.FusedLoss ? "var z = " + infer : infer);
                var zLength = InputLengthOf(Last);
                writer.Line("for (var i = 0; i < m; i++)");
                writer.Line($"    loss += {_loss.Call($"z.Slice(i * {zLength}, {zLength})", "y.Slice(i * OutputLength, OutputLength)", "t.Slice(i * OutputLength, OutputLength)", "default", _t.Literal(1))};");
            }
            writer.Line(ReturnLoss);
        }
        writer.Line();
    }

    private void EmitTrainStep(IndentedWriter writer)
    {
        writer.Line("/// <summary>Forward in training mode, loss and backward over n samples; overwrites Gradients and returns the mean loss.</summary>");
        writer.Line($"public {T} TrainStep({ReadOnlySpan} inputs, {ReadOnlySpan} targets) => TrainStep(inputs, targets, default);");
        writer.Line();
        writer.Line("/// <summary>As TrainStep(inputs, targets), and also writes ∂L/∂inputs into <paramref name=\"inputGradients\"/> unless it is empty.</summary>");
        using (writer.Block($"public {T} TrainStep({ReadOnlySpan} inputs, {ReadOnlySpan} targets, {Span} inputGradients)"))
        {
            writer.Line($"var n = {Names.Guard}.BatchCount(\"{Class}.TrainStep\", inputs.Length, InputLength, targets.Length, OutputLength, nameof(targets));");
            writer.Line("if (!inputGradients.IsEmpty)");
            writer.Line($"    {Names.Guard}.Length(inputGradients.Length, n * InputLength, \"{Class}.TrainStep\", nameof(inputGradients));");
            writer.Line("EnsureCapacity(n);");
            writer.Line("_trained = n;");
            writer.Line();
            writer.Line("// Forward, training mode, keeping each layer's output for the backward pass.");
            writer.Line("var x0 = inputs;");
            EmitForwardCalls(writer, training: true, buffer: i => $"new {Span}(_x{i}, 0, n * {OutputLengthOf(i)})", work: layer => $"_work{layer.Index}");
            writer.Line();

            var target = LossInput;
            writer.Line($"// Loss ({_loss.Description}), and its gradient g{target} = ∂L/∂x{target} with the batch mean's 1/n.");
            writer.Line("// The threads share the samples; their losses are added in sample order.");
            writer.Line($"var g{target} = new {Span}(_g{target}, 0, n * {InputLengthOf(target)});");
            var z = _plan.FusedLoss ? $"x{Last}" : "default";
            writer.Line($"var loss = {Names.Workers}.SumOfLosses<{T}>(n, {z}, x{Last + 1}, targets, g{target}, {_t.Literal(1)} / n, new {Names.Span}<double>(_losses, 0, n), SampleLosses);");
            writer.Line();

            writer.Line("// Backward, last layer first: each layer overwrites its own parameters' gradients with their sum over the batch.");
            var firstWithParameters = _layers.FirstOrDefault(l => l.HasParameters)?.Index ?? _layers.Count;
            for (var i = target - 1; i >= firstWithParameters; i--) EmitBackwardCall(writer, i, inputGradientOnly: i == firstWithParameters);
            var inputOnly = System.Math.Min(target - 1, firstWithParameters - 1);
            if (inputOnly >= 0 || target == 0)
            {
                writer.Line("// The layers below the first with parameters run only for the input gradient.");
                using (writer.Block("if (!inputGradients.IsEmpty)"))
                {
                    for (var i = inputOnly; i >= 0; i--) EmitBackwardCall(writer, i, inputGradientOnly: false);
                    if (NeedsInputCopy(target)) writer.Line("g0.CopyTo(inputGradients);");
                }
            }
            writer.Line(ReturnLoss);
        }
        writer.Line();
        EmitSampleLosses(writer);
    }

    private void EmitSampleLosses(IndentedWriter writer)
    {
        var target = LossInput;
        writer.Line("// The losses and gradient rows of TrainStep's samples [start, end), on the thread that has them.");
        using (writer.Block($"private static void SampleLosses(int start, int end, {ReadOnlySpan} z, {ReadOnlySpan} y, {ReadOnlySpan} t, {Span} g, {T} scale, {Names.Span}<double> losses)"))
        {
            writer.Line("for (var s = start; s < end; s++)");
            writer.Line($"    losses[s] = {_loss.Call(Slice("z", Last), Slice("y", Last + 1), Slice("t", Last + 1), Slice("g", target), "scale")};");
        }
        writer.Line();
    }

    /// <summary>Whether g0 is a buffer of its own (pass-through first layer or loss at the input) that must be copied out.</summary>
    private bool NeedsInputCopy(int lossInput) => lossInput == 0 || _layers[0].BackwardPassesThrough;

    /// <param name="inputGradientOnly">g{i} feeds only the input gradient: left empty unless it is asked for.</param>
    private void EmitBackwardCall(IndentedWriter writer, int i, bool inputGradientOnly)
    {
        var layer = _layers[i];
        if (layer.BackwardPassesThrough)
        {
            writer.Line($"var g{i} = g{i + 1}; // layer {i}, {layer.Layer.Title}, passes the gradient through");
            return;
        }
        if (ReLUMovesIntoPool(layer))
        {
            writer.Line($"var g{i} = g{i + 1}; // layer {i}, {layer.Layer.Title}, ran in the pooling after it");
            return;
        }
        var gx = i == 0 ? "inputGradients" : $"g{i}";
        if (i > 0 && inputGradientOnly)
            writer.Line($"var g{i} = inputGradients.IsEmpty ? default : new {Span}(_g{i}, 0, n * {InputLengthOf(i)}); // for the input gradient only");
        else if (i > 0)
            writer.Line($"var g{i} = new {Span}(_g{i}, 0, n * {InputLengthOf(i)});");
        writer.Line(layer.Backward($"x{i}", $"x{i + 1}", $"g{i + 1}", gx, $"_work{i}"));
    }

    private void EmitInfer(IndentedWriter writer)
    {
        writer.Line("// Inference for n samples: each layer writes its own slice of scratch, the last writes output.");
        writer.Line("// Returns the last layer's input, which fused losses read as the logits z.");
        using (writer.Block($"private {ReadOnlySpan} Infer(int n, {ReadOnlySpan} x0, {Span} output, {Span} scratch)"))
        {
            EmitForwardCalls(writer, training: false,
                buffer: i => i == _layers.Count ? "output" : $"scratch.Slice(n * {_scratchOffsets[i]}, n * {OutputLengthOf(i)})",
                work: layer => _workOffsets.TryGetValue(layer.Index, out var offset)
                    ? $"scratch.Slice(n * ScratchPerSample + {offset}, {layer.WorkspaceLength})" : "");
            if (_layers[Last].ForwardPassesThrough(training: false)) writer.Line($"x{Last}.Slice(0, n * OutputLength).CopyTo(output);");
            writer.Line($"return x{Last};");
        }
        writer.Line();
    }

    private void EmitForwardCalls(IndentedWriter writer, bool training, System.Func<int, string> buffer, System.Func<LayerEmitter, string> work)
    {
        var fused = false;
        foreach (var layer in _layers)
        {
            var (x, y) = ($"x{layer.Index}", $"x{layer.Index + 1}");
            if (fused)
            {
                writer.Line($"var {y} = {x}; // layer {layer.Index}, {layer.Layer.Title}, ran in the product before it");
                fused = false;
                continue;
            }
            if (layer.ForwardPassesThrough(training))
            {
                writer.Line($"var {y} = {x}; // layer {layer.Index}, {layer.Layer.Title}, passes its input through");
                continue;
            }
            if (ReLUMovesIntoPool(layer))
            {
                writer.Line($"var {y} = {x}; // layer {layer.Index}, {layer.Layer.Title}, runs in the pooling after it");
                continue;
            }
            if (layer is PoolEmitter { RunsInConvolution: true })
            {
                writer.Line($"// layer {layer.Index}, {layer.Layer.Title}, ran in the convolution before it, into {y}");
                continue;
            }
            if (layer is Conv2DEmitter { Pooling: { } pool } conv)
            {
                var pooled = $"x{pool.Index + 1}";
                writer.Line($"var {pooled} = {buffer(pool.Index + 1)}; // the pooling's output, which the convolution writes");
                writer.Line($"var {y} = {buffer(layer.Index + 1)};");
                writer.Line(conv.ForwardWithPooling(x, y, pooled));
                continue;
            }
            writer.Line($"var {y} = {buffer(layer.Index + 1)};");
            fused = FusesReLU(layer);
            writer.Line(fused ? ((DenseEmitter)layer).ForwardWithReLU(x, y) : layer.Forward(x, y, work(layer), training));
        }
    }

    /// <summary>
    /// Whether a ReLU runs inside the max pooling after it, in inference and in training (see
    /// <see cref="PoolEmitter.AfterReLU"/>). Not when a product before it already applies it, nor as the first layer,
    /// whose input gradient is the caller's.
    /// </summary>
    private bool ReLUMovesIntoPool(LayerEmitter layer) =>
        layer is ActivationEmitter { IsReLU: true } && layer.Index > 0 && layer.Index + 1 < _layers.Count
        && _layers[layer.Index + 1] is PoolEmitter { TakesReLU: true }
        && !FusesReLU(_layers[layer.Index - 1]);

    /// <summary>
    /// The max pooling right after a convolution, or after a ReLU after it that runs in that pooling: its forward pass
    /// can then run in the convolution's (see <see cref="Conv2DEmitter.Pooling"/>), in inference and in training.
    /// </summary>
    private PoolEmitter? PoolingAfter(Conv2DEmitter conv)
    {
        var next = conv.Index + 1 < _layers.Count ? _layers[conv.Index + 1] : null;
        if (next is PoolEmitter { AfterReLU: false } pool) return pool;
        return next is not null && ReLUMovesIntoPool(next) ? (PoolEmitter)_layers[conv.Index + 2] : null;
    }

    /// <summary>Whether a layer runs inside the one before or after it, and so needs no buffer of its own.</summary>
    private bool RunsInANeighbour(LayerEmitter layer) =>
        ReLUMovesIntoPool(layer) || (layer.Index > 0 && FusesReLU(_layers[layer.Index - 1]));

    /// <summary>
    /// Whether a Dense product applies the ReLU after it in its epilogue, in inference and in training; not when that
    /// ReLU is the last layer, which writes the caller's output. In training the ReLU's backward pass then reads the
    /// product's output for its input: ReLU(z) &gt; 0 exactly where z &gt; 0, so the gradient is the same, and the step
    /// saves the ReLU's pass over the batch and its buffer.
    /// </summary>
    private bool FusesReLU(LayerEmitter layer) =>
        layer is DenseEmitter { CanFuseReLU: true } && layer.Index + 1 < Last && _layers[layer.Index + 1] is ActivationEmitter { IsReLU: true };

    private void EmitEnsureCapacity(IndentedWriter writer)
    {
        writer.Line("// Grows the training buffers to hold n samples; a training step allocates only when the batch grows.");
        using (writer.Block("private void EnsureCapacity(int n)"))
        {
            writer.Line("if (n <= _capacity) return;");
            foreach (var (field, perSample) in TrainingBuffers()) writer.Line($"{field} = new {T}[n * {perSample}];");
            writer.Line("_losses = new double[n];");
            writer.Line("_capacity = n;");
        }
        writer.Line();
    }

    private void EmitBatchScratch(IndentedWriter writer) => writer.Line(ThreadScratch);

    private string ThreadScratch => $"{Span} scratch = t_scratch ??= new {Names.AlignedBuffer}<{T}>(InferenceChunk * ScratchPerSample + WorkLength);";

    /// <summary>Every training buffer as (field, values per sample).</summary>
    private IEnumerable<(string Field, int PerSample)> TrainingBuffers()
    {
        foreach (var layer in _layers)
        {
            if (!layer.ForwardPassesThrough(training: true) && !RunsInANeighbour(layer)) yield return ($"_x{layer.Index + 1}", layer.Layer.OutputLength);
            foreach (var extra in layer.TrainingBuffers) yield return extra;
        }
        for (var i = 0; i <= LossInput; i++)
        {
            if (i == LossInput || (i > 0 && !_layers[i].BackwardPassesThrough && !ReLUMovesIntoPool(_layers[i]))) yield return ($"_g{i}", InputLengthOf(i));
        }
    }

    /// <summary>The training buffer that holds the network's output, or null when every layer passes its input through.</summary>
    private string? TrainingOutputBuffer
    {
        get
        {
            var i = _layers.Count;
            while (i > 0 && _layers[i - 1].ForwardPassesThrough(training: true)) i--;
            return i == 0 ? null : $"_x{i}";
        }
    }

    /// <summary>Values per sample in x{i}: the input of layer i, or the network's output for i = layer count.</summary>
    private int InputLengthOf(int i) => i == _layers.Count ? _plan.OutputLength : _layers[i].Layer.InputLength;

    private int OutputLengthOf(int i) => _layers[i - 1].Layer.OutputLength;

    private string Slice(string span, int i) => $"{span}.Slice(s * {InputLengthOf(i)}, {InputLengthOf(i)})";

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
