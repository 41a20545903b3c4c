namespace NnGen;

/// <summary>Which loss <see cref="EarlyStopping"/> watches.</summary>
public enum MonitoredLoss
{
    /// <summary>The loss on the validation set; the training loss when Fit has no validation set.</summary>
    Validation,
    /// <summary>The training loss of each epoch.</summary>
    Training,
}
