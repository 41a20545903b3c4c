namespace NnGen;

/// <summary>
/// Where and how often <see cref="FitExtensions.Fit{T}"/> saves everything it needs to continue training, and
/// whether it resumes from that file: set <see cref="FitOptions.Checkpoint"/>.
/// </summary>
/// <remarks>
/// <para>A checkpoint holds the parameters, the buffers (BatchNorm's running statistics), the optimizer's type, step
/// count, learning rate and state buffers, the epoch just finished, the shuffle generator's and the network's
/// <see cref="INetwork{T}.DropoutRng"/> states, the <see cref="History"/> so far and the early-stopping state (best
/// loss and epoch, epochs without improvement, the best weights and buffers). A run resumed from it with the same
/// options, data and optimizer settings ends bit for bit as the run that was never interrupted, on the same machine.</para>
/// <para>The file is a safetensors file (tensors for the values, <c>__metadata__</c> strings for the rest, and a SHA-256
/// of the data), written atomically: a temporary file beside it, then one rename, so a crash while writing leaves the
/// previous checkpoint as it was.</para>
/// </remarks>
/// <param name="path">The checkpoint file; its directory must exist.</param>
public sealed class CheckpointOptions(string path)
{
    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = !string.IsNullOrWhiteSpace(path)
        ? path
        : throw new ArgumentException("A checkpoint needs a file path, for example \"model.ckpt\".", nameof(path));

    /// <summary>
    /// Write after every <see cref="Every"/>-th epoch (epochs counted from 1 over the whole run, resumed or not), and
    /// always after the last epoch and when early stopping ends training; ≥ 1, 1 unless set.
    /// </summary>
    public int Every
    {
        get;
        init => field = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Every), value, "Every must be at least 1 epoch.");
    } = 1;

    /// <summary>
    /// Whether Fit, finding the file, restores everything from it and continues with the next epoch (default true).
    /// <see cref="FitOptions.Epochs"/> stays the total: a 4-epoch run resumed after 2 runs epochs 3 and 4, and one
    /// whose checkpoint already covers every epoch (or stopped early) returns the saved history. False starts afresh
    /// and overwrites the file.
    /// </summary>
    public bool Resume { get; init; } = true;
}
