using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace NnGen.Gpu;

/// <summary>
/// Trains and runs one network on a <see cref="GpuDevice"/>: parameters, gradients, optimizer state and batches stay on
/// the device; <see cref="CopyToNetwork"/> brings the weights (and BatchNorm's running statistics) back.
/// </summary>
/// <example>
/// <code>
/// using var gpu = new GpuTrainer&lt;float&gt;(model);              // CUDA when present, else the CPU accelerator
/// var history = gpu.Fit(train, new FitOptions { Epochs = 3, BatchSize = 64, Optimizer = new Adam() });
/// gpu.CopyToNetwork();                                      // model.Parameters now hold the trained weights
/// </code>
/// </example>
public sealed class GpuTrainer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IGpuModel<T> _model;
    private readonly GpuDevice _device;
    private readonly bool _ownsDevice;
    private readonly double[] _loss = new double[1];
    private readonly int[] _correct = new int[1];
    private long _optimizerSteps;
    private Optimizer? _optimizer;

    /// <summary>Loads the network's kernels on <paramref name="device"/> (a new <see cref="GpuDevice.Create"/> when null) and copies its weights there.</summary>
    public GpuTrainer(IGpuModel<T> model, GpuDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _ownsDevice = device is null;
        _device = device ?? GpuDevice.Create();
        try
        {
            Program = model.CreateGpuProgram(_device.Accelerator);
            Program.DropoutSeed = (uint)(model.DropoutRng?.NextUInt64() ?? 0);
            CopyFromNetwork();
        }
        catch
        {
            if (_ownsDevice) _device.Dispose();
            throw;
        }
    }

    /// <summary>The device the network runs on.</summary>
    public GpuDevice Device => _device;

    /// <summary>The network's kernels and device buffers.</summary>
    public GpuProgram<T> Program { get; }

    /// <summary>Copies the network's Parameters and Buffers to the device (done once on construction).</summary>
    public void CopyFromNetwork()
    {
        Program.Parameters.SubView(0, Program.ParameterCount).CopyFromCPU((ReadOnlySpan<T>)_model.Parameters);
        if (Program.BufferCount > 0) Program.Statistics.SubView(0, Program.BufferCount).CopyFromCPU((ReadOnlySpan<T>)_model.Buffers);
    }

    /// <summary>Copies the device's parameters and running statistics into the network's Parameters and Buffers.</summary>
    public void CopyToNetwork()
    {
        Program.Parameters.SubView(0, Program.ParameterCount).CopyToCPU(_model.Parameters);
        if (Program.BufferCount > 0) Program.Statistics.SubView(0, Program.BufferCount).CopyToCPU(_model.Buffers);
    }

    /// <summary>Copies the gradient of the last <see cref="TrainStep"/> into <paramref name="gradients"/> (ParameterCount values).</summary>
    public void CopyGradients(Span<T> gradients)
    {
        Check(gradients.Length, Program.ParameterCount, nameof(gradients));
        Program.Gradients.SubView(0, Program.ParameterCount).CopyToCPU(gradients);
    }

    /// <summary>
    /// As the network's TrainStep, on the device: forward in training mode, loss and backward over n samples; the
    /// gradient stays on the device (see <see cref="CopyGradients"/>) and the mean loss comes back. With
    /// <paramref name="inputGradients"/> non-empty, ∂L/∂inputs is written there too.
    /// </summary>
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> inputGradients = default)
    {
        var n = Upload(inputs, targets);
        if (!inputGradients.IsEmpty) Check(inputGradients.Length, n * Program.InputLength, nameof(inputGradients));
        Program.LossBuffer.MemSetToZero();
        RunStep(n, !inputGradients.IsEmpty);
        if (!inputGradients.IsEmpty) Program.InputGradients.SubView(0, n * Program.InputLength).CopyToCPU(inputGradients);
        return T.CreateTruncating(ReadLoss() / n);
    }

    /// <summary>Applies one step of <paramref name="optimizer"/> to the device's parameters with the last gradient.</summary>
    /// <remarks>
    /// The optimizer's state (momenta) lives on the device, one per trainer; its CPU state and step count are not
    /// touched. Passing another optimizer instance starts a fresh state.
    /// </remarks>
    public void Step(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!ReferenceEquals(optimizer, _optimizer))
        {
            _optimizer = optimizer;
            _optimizerSteps = 0;
            Program.ResetOptimizerState();
        }

        Program.Optimize(optimizer, ++_optimizerSteps);
    }

    /// <summary>Runs n samples through the network in inference mode on the device.</summary>
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        var n = BatchCount(inputs.Length, outputs.Length, nameof(outputs));
        var chunk = Math.Max(Program.Capacity, Math.Min(n, 1024));
        Program.EnsureCapacity(chunk);
        for (var s = 0; s < n; s += chunk)
        {
            var m = Math.Min(chunk, n - s);
            Program.Inputs.SubView(0, m * Program.InputLength).CopyFromCPU(inputs.Slice(s * Program.InputLength, m * Program.InputLength));
            Program.Forward(m, training: false);
            Program.Outputs.SubView(0, m * Program.OutputLength).CopyToCPU(outputs.Slice(s * Program.OutputLength, m * Program.OutputLength));
        }
    }

    /// <summary>Runs n samples in inference mode on the device, writes the outputs and returns the mean loss against the targets.</summary>
    public T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs)
    {
        var n = BatchCount(inputs.Length, targets.Length, nameof(targets));
        Check(outputs.Length, n * Program.OutputLength, nameof(outputs));
        var chunk = Math.Max(Program.Capacity, Math.Min(n, 1024));
        Program.EnsureCapacity(chunk);
        Program.LossBuffer.MemSetToZero();
        for (var s = 0; s < n; s += chunk)
        {
            var m = Math.Min(chunk, n - s);
            Program.Inputs.SubView(0, m * Program.InputLength).CopyFromCPU(inputs.Slice(s * Program.InputLength, m * Program.InputLength));
            Program.Targets.SubView(0, m * Program.OutputLength).CopyFromCPU(targets.Slice(s * Program.OutputLength, m * Program.OutputLength));
            Program.Forward(m, training: false);
            Program.Loss(m, gradient: false);
            Program.Outputs.SubView(0, m * Program.OutputLength).CopyToCPU(outputs.Slice(s * Program.OutputLength, m * Program.OutputLength));
        }

        return T.CreateTruncating(ReadLoss() / n);
    }

    /// <summary>
    /// Trains on the device with the CPU Fit's options and returns the same <see cref="History"/>; the trained weights
    /// are copied into the network at the end. The training set is copied to the device once and shuffled there each
    /// epoch with the CPU Fit's shuffle order (same <see cref="FitOptions.Seed"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">The options ask for regularization or checkpoints, which only the CPU Fit offers.</exception>
    public History Fit(Dataset<T> train, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Regularization is { Count: > 0 })
            throw new NotSupportedException("The GPU Fit does not apply FitOptions.Regularization; use Adam's weightDecay or AdamW, or the CPU Fit.");
        if (options.Checkpoint is not null)
            throw new NotSupportedException("The GPU Fit does not write checkpoints; call CopyToNetwork and Save between Fit calls, or use the CPU Fit.");

        // The same checks and validation split as the CPU Fit, so the two runs see the same data.
        (train, var validation, var rng) = FitExtensions.Prepare(_model, train, options);
        var n = train.Count;
        var batchSize = Math.Min(options.BatchSize, n);
        var withAccuracy = Accuracy.Applies(_model.Loss, train.Targets, train.TargetLength);
        var listeners = new List<IProgress<EpochReport>>();
        if (options.Progress is not null) listeners.Add(options.Progress);
        if (options.Verbose) listeners.Add(new ConsoleProgress());

        using var data = new GpuDataset<T>(_device.Accelerator, train);
        Program.EnsureCapacity(batchSize);

        var reports = new List<EpochReport>();
        var early = options.EarlyStopping;
        var monitorValidation = validation is not null && (early?.Monitor ?? MonitoredLoss.Validation) == MonitoredLoss.Validation;
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        var waited = 0;
        var stoppedEarly = false;
        T[]? bestWeights = early is { RestoreBestWeights: true } ? new T[Program.ParameterCount] : null;
        T[]? bestBuffers = early is { RestoreBestWeights: true } ? new T[Program.BufferCount] : null;
        for (var epoch = 1; epoch <= options.Epochs && !stoppedEarly; epoch++)
        {
            var started = Stopwatch.GetTimestamp();
            if (options.LearningRateSchedule is { } schedule) options.Optimizer.LearningRate = schedule(epoch);
            var (trainLoss, runningAccuracy) = TrainEpoch(data, batchSize, options.Optimizer, options.Shuffle ? rng : null);
            if (!double.IsFinite(trainLoss))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Training diverged on the GPU: the mean loss of epoch {epoch}/{options.Epochs} is {trainLoss}, with learning rate " +
                    $"{options.Optimizer.LearningRate}. The learning rate is probably too high (the data were checked and hold no NaN or infinite value)."));
            }

            double? trainAccuracy = withAccuracy ? runningAccuracy : null;
            (double Loss, double? Accuracy)? measured = validation is null ? null : Measure(validation, withAccuracy);
            var report = new EpochReport(epoch, options.Epochs, trainLoss, trainAccuracy, measured?.Loss, measured?.Accuracy,
                Stopwatch.GetElapsedTime(started));
            reports.Add(report);
            foreach (var listener in listeners) listener.Report(report);

            var monitored = monitorValidation ? measured!.Value.Loss : trainLoss;
            if (monitored < best - (early?.MinDelta ?? 0))
            {
                best = monitored;
                bestEpoch = epoch;
                waited = 0;
                if (bestWeights is not null) Program.Parameters.SubView(0, Program.ParameterCount).CopyToCPU(bestWeights);
                if (bestBuffers is not null && Program.BufferCount > 0) Program.Statistics.SubView(0, Program.BufferCount).CopyToCPU(bestBuffers);
            }
            else if (early is not null && ++waited >= early.Patience && epoch < options.Epochs)
            {
                stoppedEarly = true;
            }
        }

        CopyToNetwork();
        if (bestWeights is not null && bestEpoch > 0)
        {
            bestWeights.CopyTo(_model.Parameters);
            bestBuffers!.CopyTo(_model.Buffers);
            CopyFromNetwork();
        }

        return new History([.. reports], bestEpoch, stoppedEarly);
    }

    /// <summary>
    /// One epoch over a dataset already on the device: reorders it with <paramref name="shuffle"/> (unless null), then
    /// for each batch gathers it on the device, runs forward, loss and backward, and applies <paramref name="optimizer"/>.
    /// Returns the mean training loss and the fraction of samples each step's outputs classified correctly (Keras's
    /// running accuracy, as the CPU Fit): the only values read back, once per epoch.
    /// </summary>
    public (double Loss, double Accuracy) TrainEpoch(GpuDataset<T> data, int batchSize, Optimizer optimizer, Rng? shuffle)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var n = data.Count;
        batchSize = Math.Min(batchSize, n);
        Program.EnsureCapacity(batchSize);
        data.Reorder(shuffle);
        Program.LossBuffer.MemSetToZero();
        Program.CorrectBuffer.MemSetToZero();
        for (var start = 0; start < n; start += batchSize)
        {
            var count = Math.Min(batchSize, n - start);
            Program.Gather(data.Inputs, data.Order, start, count, Program.InputLength, Program.Inputs);
            Program.Gather(data.Targets, data.Order, start, count, Program.OutputLength, Program.Targets);
            RunStep(count, inputGradients: false);
            Step(optimizer);
        }

        var loss = ReadLoss() / n;
        Program.CorrectCount.CopyToCPU(_correct.AsSpan());
        return (loss, (double)_correct[0] / n);
    }

    /// <summary>
    /// Inference over a dataset already on the device, <paramref name="batchSize"/> samples a pass; the outputs stay on
    /// the device (only the last pass's remain in Program.Outputs). For timing inference without host copies.
    /// </summary>
    public void PredictOnDevice(GpuDataset<T> data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        batchSize = Math.Min(batchSize, data.Count);
        Program.EnsureCapacity(batchSize);
        data.Reorder(null);
        for (var start = 0; start < data.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, data.Count - start);
            Program.Gather(data.Inputs, data.Order, start, count, Program.InputLength, Program.Inputs);
            Program.Forward(count, training: false);
        }
    }

    /// <summary>Waits for the device to finish the work queued so far (for timing).</summary>
    public void Synchronize() => _device.Accelerator.Synchronize();

    private (double Loss, double? Accuracy) Measure(Dataset<T> data, bool withAccuracy)
    {
        var outputs = new T[data.Count * Program.OutputLength];
        var loss = double.CreateTruncating(Evaluate(data.Inputs, data.Targets, outputs));
        double? accuracy = withAccuracy ? (double)Accuracy.CountCorrect<T>(outputs, data.Targets, Program.OutputLength) / data.Count : null;
        return (loss, accuracy);
    }

    private void RunStep(int n, bool inputGradients)
    {
        Program.DropoutStep++;
        Program.Forward(n, training: true);
        Program.Loss(n, gradient: true);
        Program.Backward(n, inputGradients);
    }

    private int Upload(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
    {
        var n = BatchCount(inputs.Length, targets.Length, nameof(targets));
        Program.EnsureCapacity(n);
        Program.Inputs.SubView(0, inputs.Length).CopyFromCPU(inputs);
        Program.Targets.SubView(0, targets.Length).CopyFromCPU(targets);
        return n;
    }

    private double ReadLoss()
    {
        Program.LossSum.CopyToCPU(_loss.AsSpan());
        return _loss[0];
    }

    private int BatchCount(int inputs, int others, string name)
    {
        if (inputs == 0 || inputs % Program.InputLength != 0)
        {
            throw new ArgumentException(
                $"The inputs must hold whole samples of {Program.InputLength} values, at least one: got {inputs} values.", nameof(inputs));
        }

        var n = inputs / Program.InputLength;
        Check(others, n * Program.OutputLength, name);
        return n;
    }

    private static void Check(int actual, int expected, string name)
    {
        if (actual != expected) throw new ArgumentException($"Expected {expected} values in {name}, got {actual}.", name);
    }

    /// <summary>Releases the program's device buffers, and the device when this trainer created it.</summary>
    public void Dispose()
    {
        Program.Dispose();
        if (_ownsDevice) _device.Dispose();
    }
}
