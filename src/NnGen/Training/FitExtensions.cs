using System.Numerics;

namespace NnGen;

/// <summary>Training a network on a dataset: epochs of shuffled mini-batches, an optimizer step after each.</summary>
public static class FitExtensions
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/>: for each epoch, a seeded shuffle of the samples,
    /// then for each mini-batch (the last one partial) <see cref="INetwork{T}.TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>,
    /// the regularization penalties and one optimizer step; after each epoch, evaluation and a report.
    /// </summary>
    /// <param name="model">The network; its parameters are trained in place.</param>
    /// <param name="train">The training samples; their lengths must match the network's.</param>
    /// <param name="options">Epochs, batch size, optimizer and the rest.</param>
    /// <returns>One report per epoch run, the best epoch and whether training stopped early.</returns>
    /// <exception cref="ArgumentException">
    /// The options are inconsistent, a dataset does not fit the network or holds a NaN or infinite value (checked the
    /// first time Fit uses that dataset), or the checkpoint to resume from belongs to another network, optimizer or
    /// early-stopping setup (nothing is changed then; the message names both sides).
    /// </exception>
    /// <exception cref="InvalidDataException">The checkpoint to resume from is damaged, truncated or not a checkpoint.</exception>
    /// <exception cref="InvalidOperationException">
    /// The training loss became NaN or infinite. The message names the epoch, the step and the learning rate; the
    /// network keeps the weights of the last step whose loss was finite.
    /// </exception>
    /// <remarks>
    /// <para>With <see cref="FitOptions.Checkpoint"/>, Fit saves its whole state after every <see cref="CheckpointOptions.Every"/>-th
    /// epoch and the last, and resumes from an existing file: it continues with the epoch after the saved one and
    /// ends bit for bit as a run that was never interrupted. The returned history then holds the saved epochs too.
    /// </para>
    /// <para>Accuracy is reported when <see cref="Accuracy.Applies{T}"/> holds for the network's loss and the training
    /// targets; it is counted from each step's own outputs (Keras's running accuracy). The batch buffers
    /// are allocated once, so the steps allocate nothing beyond what the network and the progress objects do.</para>
    /// </remarks>
    public static History Fit<T>(this INetwork<T> model, Dataset<T> train, FitOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (training, validation, shuffleRng) = Prepare(model, train, options);
        return new Trainer<T>(model, training, validation, options, shuffleRng).Run();
    }

    /// <summary>
    /// Checks everything a Fit needs before its first step (the data fit the network and are finite, the options are
    /// in range) and splits off the validation set; the GPU Fit runs the same checks.
    /// </summary>
    internal static (Dataset<T> Train, Dataset<T>? Validation, Rng ShuffleRng) Prepare<T>(INetwork<T> model, Dataset<T> train, FitOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        EvaluationExtensions.CheckFits(model, train, nameof(train));
        train.EnsureFiniteOnce(nameof(train));
        if (options.Optimizer is null) throw new ArgumentException("FitOptions.Optimizer is required, for example new Adam().", nameof(options));
        if (options.Epochs < 1) throw new ArgumentException($"FitOptions.Epochs must be at least 1, got {options.Epochs}.", nameof(options));
        if (options.BatchSize < 1) throw new ArgumentException($"FitOptions.BatchSize must be at least 1, got {options.BatchSize}.", nameof(options));
        if (!(options.ValidationSplit >= 0 && options.ValidationSplit < 1))
        {
            throw new ArgumentException($"FitOptions.ValidationSplit must lie in [0, 1), got {options.ValidationSplit}.", nameof(options));
        }

        if (options.Regularization is null || options.Regularization.Any(r => r is null))
        {
            throw new ArgumentException("FitOptions.Regularization must not be null or hold null; leave it empty for none.", nameof(options));
        }

        if (options.Checkpoint is { } checkpoint)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(checkpoint.Path));
            if (directory is null || !Directory.Exists(directory))
                throw new ArgumentException($"The directory of checkpoint '{checkpoint.Path}' does not exist; create it first.", nameof(options));
        }

        var shuffleRng = new Rng(options.Seed);
        var validation = ValidationSet(model, options);
        if (options.ValidationSplit > 0)
        {
            if (validation is not null)
            {
                throw new ArgumentException("Set either FitOptions.Validation or FitOptions.ValidationSplit, not both.", nameof(options));
            }

            (train, validation) = train.Split(options.ValidationSplit, shuffleRng.NextUInt64());
        }

        if (train.Count == 0) throw new ArgumentException("Cannot train on an empty dataset.", nameof(train));
        return (train, validation, shuffleRng);
    }

    private static Dataset<T>? ValidationSet<T>(INetwork<T> model, FitOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (options.Validation)
        {
            case null:
                return null;
            case Dataset<T> validation:
                EvaluationExtensions.CheckFits(model, validation, nameof(options));
                if (validation.Count == 0) throw new ArgumentException("FitOptions.Validation is empty.", nameof(options));
                validation.EnsureFiniteOnce(nameof(options));
                return validation;
            default:
                throw new ArgumentException(
                    $"FitOptions.Validation must be a Dataset<{typeof(T).Name}> like the network, got a dataset of {options.Validation.ElementType.Name}.",
                    nameof(options));
        }
    }
}
