using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace NnGen;

/// <summary>
/// One Fit run: the epoch loop, with every buffer it needs allocated up front. Fit checks the arguments; this class
/// assumes they are valid.
/// </summary>
internal sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Values of a batch below which one thread gathers it: starting the workers costs a few µs.</summary>
    private const int GatherPerThread = 32768;

    private readonly INetwork<T> _model;
    private readonly Dataset<T> _train;
    private readonly Dataset<T>? _validation;
    private readonly FitOptions _options;
    private readonly Optimizer _optimizer;
    private readonly Regularizer[] _regularizers;
    private readonly Rng _rng;
    private readonly IProgress<EpochReport>[] _epochListeners;
    private readonly IProgress<BatchReport>[] _batchListeners;
    private readonly DatasetEvaluator<T> _evaluator;
    private readonly bool _withAccuracy;
    private readonly CheckpointOptions? _checkpoint;

    private readonly int _stepsPerEpoch;
    private readonly int[] _order;            // (n) sample order of the current epoch
    private readonly AlignedBuffer<T> _batchInputs;   // (B, InputLength) gathered when shuffling; rows start on cache lines when their length allows
    private readonly T[] _batchTargets;       // (B, OutputLength) gathered when shuffling
    private readonly AlignedBuffer<T> _lastGoodWeights;   // (P) the weights of the last step whose loss was finite, aligned as the parameters are
    private readonly T[] _lastGoodBuffers;    // (S) the running statistics after that step's forward pass
    private readonly T[]? _bestWeights;       // (P) the weights of the best epoch, for RestoreBestWeights
    private readonly T[]? _bestBuffers;       // (S) the running statistics of the best epoch

    public Trainer(INetwork<T> model, Dataset<T> train, Dataset<T>? validation, FitOptions options, Rng rng)
    {
        _model = model;
        _train = train;
        _validation = validation;
        _options = options;
        _optimizer = options.Optimizer;
        _regularizers = [.. options.Regularization];
        _rng = rng;
        _checkpoint = options.Checkpoint;

        List<IProgress<EpochReport>> listeners = [];
        if (options.Progress is not null) listeners.Add(options.Progress);
        if (options.Verbose) listeners.Add(new ConsoleProgress());
        _epochListeners = [.. listeners];
        _batchListeners = [.. listeners.OfType<IProgress<BatchReport>>()];

        var batchSize = Math.Min(options.BatchSize, train.Count);
        _stepsPerEpoch = (train.Count + batchSize - 1) / batchSize;
        _evaluator = new DatasetEvaluator<T>(model, Math.Max(batchSize, 256));
        _withAccuracy = Accuracy.Applies(model.Loss, train.Targets, train.TargetLength);
        _order = options.Shuffle ? new int[train.Count] : [];
        _batchInputs = new AlignedBuffer<T>(options.Shuffle ? batchSize * model.InputLength : 0);
        _batchTargets = options.Shuffle ? new T[batchSize * model.OutputLength] : [];
        _lastGoodWeights = new AlignedBuffer<T>(model.ParameterCount);
        model.Parameters.CopyTo(_lastGoodWeights);
        _lastGoodBuffers = model.Buffers.ToArray();
        _bestWeights = options.EarlyStopping is { RestoreBestWeights: true } ? new T[model.ParameterCount] : null;
        _bestBuffers = options.EarlyStopping is { RestoreBestWeights: true } ? new T[model.Buffers.Length] : null;
    }

    public History Run()
    {
        var epochs = _options.Epochs;
        var reports = new List<EpochReport>(epochs);
        var early = _options.EarlyStopping;
        var monitorValidation = _validation is not null && (early?.Monitor ?? MonitoredLoss.Validation) == MonitoredLoss.Validation;
        var minDelta = early?.MinDelta ?? 0;
        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        var epochsWithoutImprovement = 0;
        var stoppedEarly = false;
        var first = 1;

        if (_checkpoint is { Resume: true } && File.Exists(_checkpoint.Path))
        {
            var saved = CheckpointFile.Read<T>(_checkpoint.Path);
            CheckFits(saved);
            Restore(saved);
            reports.AddRange(saved.Epoch < epochs ? saved.History.Select(r => r with { Epochs = epochs }) : saved.History);
            (best, bestEpoch, epochsWithoutImprovement, stoppedEarly) =
                (saved.Best, saved.BestEpoch, saved.EpochsWithoutImprovement, saved.StoppedEarly);

            // A shorter run may have ended with its patience spent; the uninterrupted run would have stopped there.
            if (early is not null && epochsWithoutImprovement >= early.Patience && saved.Epoch < epochs) stoppedEarly = true;
            first = saved.Epoch + 1;
        }

        for (var epoch = first; epoch <= epochs && !stoppedEarly; epoch++)
        {
            var started = Stopwatch.GetTimestamp();
            if (_options.LearningRateSchedule is { } schedule) _optimizer.LearningRate = ScheduledRate(schedule, epoch);
            var (trainLoss, trainAccuracy) = TrainEpoch(epoch);
            if (!AllFinite(_model.Parameters)) Diverged("the weights after the epoch's last step", "NaN or infinite", epoch, _stepsPerEpoch, _stepsPerEpoch);
            (double Loss, double? Accuracy)? validation = _validation is null ? null : _evaluator.Run(_validation, _withAccuracy);
            var report = new EpochReport(
                epoch, epochs, trainLoss, trainAccuracy, validation?.Loss, validation?.Accuracy, Stopwatch.GetElapsedTime(started));
            reports.Add(report);
            foreach (var listener in _epochListeners) listener.Report(report);

            // Keras's rule: an epoch improves when its loss is below the best so far by more than MinDelta.
            var monitored = monitorValidation ? validation!.Value.Loss : trainLoss;
            if (monitored < best - minDelta)
            {
                best = monitored;
                bestEpoch = epoch;
                epochsWithoutImprovement = 0;
                if (_bestWeights is not null) _model.Parameters.CopyTo(_bestWeights);
                if (_bestBuffers is not null) _model.Buffers.CopyTo(_bestBuffers);
            }
            else if (early is not null && ++epochsWithoutImprovement >= early.Patience && epoch < epochs)
            {
                stoppedEarly = true;
            }

            if (_checkpoint is not null && (epoch % _checkpoint.Every == 0 || epoch == epochs || stoppedEarly))
            {
                CheckpointFile.Write(_checkpoint.Path, Capture(epoch, reports, best, bestEpoch, epochsWithoutImprovement, stoppedEarly));
            }
        }

        if (_bestWeights is not null && bestEpoch > 0) _bestWeights.CopyTo(_model.Parameters);
        if (_bestBuffers is not null && bestEpoch > 0) _bestBuffers.CopyTo(_model.Buffers);
        return new History([.. reports], bestEpoch, stoppedEarly);
    }

    /// <summary>Copies of everything the run needs to continue after <paramref name="epoch"/>.</summary>
    private TrainingCheckpoint<T> Capture(
        int epoch, List<EpochReport> reports, double best, int bestEpoch, int epochsWithoutImprovement, bool stoppedEarly) =>
        new(
            _model.GetType().FullName ?? _model.GetType().Name,
            _model.Parameters.ToArray(),
            _model.Buffers.ToArray(),
            _model.DropoutRng?.SaveState(),
            _optimizer.GetType().FullName ?? _optimizer.GetType().Name,
            _optimizer.Steps,
            _optimizer.LearningRate,
            _optimizer.ExportState<T>(),
            epoch,
            _rng.SaveState(),
            [.. reports],
            best,
            bestEpoch,
            epochsWithoutImprovement,
            stoppedEarly,
            _bestWeights?.ToArray(),
            _bestBuffers?.ToArray());

    /// <summary>
    /// Refuses a checkpoint of another network, optimizer or early-stopping setup before anything changes; the
    /// message names both sides.
    /// </summary>
    private void CheckFits(TrainingCheckpoint<T> saved)
    {
        var path = _checkpoint!.Path;
        var network = _model.GetType().FullName ?? _model.GetType().Name;
        if (saved.Network != network || saved.Parameters.Length != _model.ParameterCount || saved.Buffers.Length != _model.Buffers.Length)
        {
            throw new ArgumentException(
                $"Checkpoint '{path}' was written by network {saved.Network} ({saved.Parameters.Length} parameters, {saved.Buffers.Length} buffer values), " +
                $"but Fit trains network {network} ({_model.ParameterCount} parameters, {_model.Buffers.Length} buffer values). Resume with the same " +
                "architecture, or set CheckpointOptions.Resume = false (or another path) to start afresh.");
        }

        if ((saved.DropoutRng is null) != (_model.DropoutRng is null))
        {
            throw new ArgumentException(
                $"Checkpoint '{path}' {(saved.DropoutRng is null ? "has no" : "has a")} Dropout generator state, but network {network} " +
                $"{(_model.DropoutRng is null ? "has no Dropout" : "has Dropout")}; it was written by another build of the network.");
        }

        var problem = _optimizer.ImportProblem(
            saved.Optimizer, saved.OptimizerSteps, saved.LearningRate, saved.OptimizerState.Length,
            saved.OptimizerState.Select(buffer => buffer.Length), _model.ParameterCount);
        if (problem is not null) throw new ArgumentException($"Checkpoint '{path}' does not fit FitOptions.Optimizer: {problem}");

        if (_bestWeights is not null && saved.BestEpoch > 0 && saved.BestParameters is null)
        {
            throw new ArgumentException(
                $"Checkpoint '{path}' was written without EarlyStopping.RestoreBestWeights, so it lacks the best epoch's weights " +
                "that these options restore at the end. Resume with the early-stopping settings of the run that wrote it.");
        }
    }

    /// <summary>Puts the network, its Dropout generator, the shuffle generator, the optimizer and the best weights back as saved.</summary>
    private void Restore(TrainingCheckpoint<T> saved)
    {
        saved.Parameters.CopyTo(_model.Parameters);
        saved.Buffers.CopyTo(_model.Buffers);
        if (saved.DropoutRng is not null) _model.DropoutRng!.RestoreState(saved.DropoutRng);
        _rng.RestoreState(saved.ShuffleRng);
        _optimizer.ImportState(saved.Optimizer, saved.OptimizerSteps, saved.LearningRate, saved.OptimizerState, _model.ParameterCount);
        if (_bestWeights is not null && saved.BestParameters is not null) saved.BestParameters.CopyTo(_bestWeights);
        if (_bestBuffers is not null && saved.BestBuffers is not null) saved.BestBuffers.CopyTo(_bestBuffers);
    }

    /// <summary>
    /// One pass over the training set; returns the sample-weighted mean of the batch losses plus penalties, and the
    /// accuracy of the outputs each batch had in its training step (Keras's running accuracy). A network that does
    /// not keep its training outputs is run over the training set once more, in inference mode, for the accuracy.
    /// </summary>
    private (double Loss, double? Accuracy) TrainEpoch(int epoch)
    {
        var n = _train.Count;
        var batchSize = Math.Min(_options.BatchSize, n);
        var steps = (n + batchSize - 1) / batchSize;
        var inputLength = _model.InputLength;
        var targetLength = _model.OutputLength;
        if (_options.Shuffle)
        {
            for (var i = 0; i < n; i++) _order[i] = i;
            _rng.Shuffle(_order.AsSpan());
        }

        var lossSum = 0.0;
        var correct = 0;
        var outputsKept = true;
        for (var step = 0; step < steps; step++)
        {
            var start = step * batchSize;
            var count = Math.Min(batchSize, n - start);
            ReadOnlySpan<T> inputs, targets;
            if (_options.Shuffle)
            {
                Gather(start, count);
                inputs = _batchInputs.Slice(0, count * inputLength);
                targets = _batchTargets.AsSpan(0, count * targetLength);
            }
            else
            {
                inputs = _train.Inputs.Slice(start * inputLength, count * inputLength);
                targets = _train.Targets.Slice(start * targetLength, count * targetLength);
            }

            var loss = double.CreateTruncating(_model.TrainStep(inputs, targets));
            if (_withAccuracy && outputsKept)
            {
                var outputs = _model.TrainingOutputs;
                outputsKept = outputs.Length == targets.Length;
                if (outputsKept) correct += Accuracy.CountCorrect<T>(outputs, targets, targetLength);
            }

            for (var r = 0; r < _regularizers.Length; r++) loss += double.CreateTruncating(_regularizers[r].Apply(_model));
            if (!double.IsFinite(loss)) Diverged("the loss", loss.ToString(CultureInfo.InvariantCulture), epoch, step + 1, steps);

            _model.Buffers.CopyTo(_lastGoodBuffers);
            _optimizer.StepKeepingPrevious(_model.Parameters, _model.Gradients, _lastGoodWeights);
            lossSum += loss * count;

            if (_batchListeners.Length > 0)
            {
                var batch = new BatchReport(epoch, _options.Epochs, step + 1, steps, lossSum / (start + count));
                foreach (var listener in _batchListeners) listener.Report(batch);
            }
        }

        double? accuracy = !_withAccuracy ? null
            : outputsKept ? (double)correct / n
            : _evaluator.Run(_train, withAccuracy: true).Accuracy;
        return (lossSum / n, accuracy);
    }

    /// <summary>
    /// Copies the samples at positions [start, start + count) of the epoch's order into the batch buffers, on every
    /// thread for a batch big enough: the samples lie scattered in memory, and two cores wait on twice the reads.
    /// </summary>
    private unsafe void Gather(int start, int count)
    {
        fixed (T* inputs = _train.Inputs, targets = _train.Targets, batchInputs = _batchInputs.Span, batchTargets = _batchTargets)
        {
            var batch = new BatchOrder(_order, start, _model.InputLength, _model.OutputLength, inputs, targets, batchInputs, batchTargets);
            if ((long)count * _model.InputLength >= GatherPerThread) Workers.ForRange(count, 1, ref batch);
            else batch.Run(0, count);
        }
    }

    /// <summary>Positions [first, end) of one batch: each sample copied from where the epoch's order puts it.</summary>
    private readonly unsafe struct BatchOrder(int[] order, int start, int inputLength, int targetLength, T* inputs, T* targets, T* batchInputs, T* batchTargets)
        : IRangeJob
    {
        public void Run(int first, int end)
        {
            for (var i = first; i < end; i++)
            {
                var sample = order[start + i];
                new ReadOnlySpan<T>(inputs + (long)sample * inputLength, inputLength).CopyTo(new Span<T>(batchInputs + (long)i * inputLength, inputLength));
                new ReadOnlySpan<T>(targets + (long)sample * targetLength, targetLength).CopyTo(new Span<T>(batchTargets + (long)i * targetLength, targetLength));
            }
        }
    }

    private static double ScheduledRate(Func<int, double> schedule, int epoch)
    {
        var rate = schedule(epoch);
        if (!(rate >= 0 && double.IsFinite(rate)))
            throw new InvalidOperationException($"FitOptions.LearningRateSchedule gave {rate} for epoch {epoch}; a learning rate must be finite and at least 0.");
        return rate;
    }

    /// <summary>Whether every value is finite: one pass per epoch catches a last step whose loss was finite but whose update was not.</summary>
    private static bool AllFinite(ReadOnlySpan<T> values)
    {
        foreach (var value in values)
            if (!T.IsFinite(value)) return false;
        return true;
    }

    /// <summary>Puts back the last good weights and running statistics, and says what became <paramref name="value"/> where.</summary>
    [DoesNotReturn]
    private void Diverged(string what, string value, int epoch, int step, int steps)
    {
        _lastGoodWeights.Span.CopyTo(_model.Parameters);
        _lastGoodBuffers.CopyTo(_model.Buffers);
        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"Training diverged: {what} became {value} at epoch {epoch}/{_options.Epochs}, step {step}/{steps}, " +
            $"with learning rate {_optimizer.LearningRate}. The learning rate is probably too high (the data were checked and " +
            $"hold no NaN or infinite value). The network keeps the weights and running statistics of the last step whose loss was finite."));
    }
}
