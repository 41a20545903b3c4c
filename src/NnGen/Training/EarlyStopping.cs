namespace NnGen;

/// <summary>
/// Stops training when the monitored loss has not improved for <see cref="Patience"/> epochs in a row, as Keras's
/// <c>EarlyStopping</c>: an epoch improves when its loss is below the best so far minus <see cref="MinDelta"/>.
/// </summary>
/// <param name="patience">Epochs without improvement to allow before stopping, ≥ 1.</param>
public sealed class EarlyStopping(int patience)
{
    /// <summary>Epochs without improvement to allow before stopping.</summary>
    public int Patience { get; } = patience >= 1
        ? patience
        : throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be at least 1 epoch.");

    /// <summary>How much lower than the best loss so far a loss must be to count as an improvement; ≥ 0.</summary>
    public double MinDelta
    {
        get;
        init => field = value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinDelta), value, "MinDelta must be a finite number ≥ 0.");
    }

    /// <summary>The loss watched: the validation loss by default (the training loss when there is no validation set).</summary>
    public MonitoredLoss Monitor { get; init; } = MonitoredLoss.Validation;

    /// <summary>
    /// Whether Fit ends with the weights of the best epoch rather than those of the last (default true). Applies when
    /// training stops early and when it runs out of epochs.
    /// </summary>
    public bool RestoreBestWeights { get; init; } = true;
}
