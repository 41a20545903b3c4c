namespace NnGen;

/// <summary>How <see cref="FitExtensions.Fit{T}"/> trains a network.</summary>
public sealed class FitOptions
{
    /// <summary>The number of passes over the training set, ≥ 1 (10 unless set).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per mini-batch, ≥ 1; the last batch of an epoch holds the rest and may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// The update rule. It keeps its state (moments, step count) across Fit calls, so a second Fit continues where
    /// the first stopped; call <see cref="Optimizer.Reset"/> to start afresh.
    /// </summary>
    public required Optimizer Optimizer { get; init; }

    /// <summary>Penalties on the weights (<see cref="L1"/>, <see cref="L2"/>), added to the gradient and to the reported training loss.</summary>
    public IReadOnlyList<Regularizer> Regularization { get; init; } = [];

    /// <summary>A <see cref="Dataset{T}"/> of the network's type, evaluated after every epoch; null for none.</summary>
    public IDataset? Validation { get; init; }

    /// <summary>
    /// A fraction in [0, 1) of the training set to hold out as the validation set, chosen at random from
    /// <see cref="Seed"/>; 0 (the default) for none. Not together with <see cref="Validation"/>.
    /// </summary>
    public double ValidationSplit { get; init; }

    /// <summary>Whether each epoch visits the training samples in a new random order (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seeds the shuffles and the validation split, so the same seed trains bit for bit the same on the CPU.</summary>
    public ulong Seed { get; init; }

    /// <summary>Stops training when the monitored loss stops improving; null to run every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// The learning rate of each epoch (from 1), set on the optimizer before the epoch starts, as Keras's
    /// LearningRateScheduler does; null keeps the optimizer's rate. <see cref="LearningRateSchedules"/> has the usual ones.
    /// </summary>
    public Func<int, double>? LearningRateSchedule { get; init; }

    /// <summary>
    /// Receives an <see cref="EpochReport"/> after every epoch, synchronously on the training thread; if it also
    /// implements <see cref="IProgress{T}"/> of <see cref="BatchReport"/> it receives one after every mini-batch.
    /// </summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>
    /// Saves a checkpoint during training and resumes from it when the file exists (see <see cref="CheckpointOptions"/>);
    /// null for none.
    /// </summary>
    public CheckpointOptions? Checkpoint { get; init; }

    /// <summary>Whether to print progress to the console through a <see cref="ConsoleProgress"/>, in addition to <see cref="Progress"/>.</summary>
    public bool Verbose { get; init; }
}
