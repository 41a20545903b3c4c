using System.Collections;

namespace NnGen;

/// <summary>What Fit did: one <see cref="EpochReport"/> per epoch run, in order, and how it ended.</summary>
public sealed class History : IReadOnlyList<EpochReport>
{
    private readonly EpochReport[] _epochs;

    internal History(EpochReport[] epochs, int bestEpoch, bool stoppedEarly)
    {
        _epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>
    /// The epoch (from 1) with the lowest monitored loss: the validation loss when there was a validation set,
    /// otherwise the training loss (or as <see cref="EarlyStopping.Monitor"/> says, counting
    /// <see cref="EarlyStopping.MinDelta"/>). 0 when no epoch ran.
    /// </summary>
    public int BestEpoch { get; }

    /// <summary>The report of <see cref="BestEpoch"/>, or null when no epoch ran.</summary>
    public EpochReport? Best => BestEpoch > 0 ? _epochs[BestEpoch - 1] : null;

    /// <summary>Whether <see cref="EarlyStopping"/> ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>The number of epochs run.</summary>
    public int Count => _epochs.Length;

    /// <summary>The report of the epoch at <paramref name="index"/> (epoch index + 1).</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    public EpochReport this[int index] => _epochs[index];

    /// <inheritdoc/>
    public IEnumerator<EpochReport> GetEnumerator() => ((IEnumerable<EpochReport>)_epochs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
