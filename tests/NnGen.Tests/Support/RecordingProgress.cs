namespace NnGen.Tests.Support;

/// <summary>
/// Collects Fit's reports synchronously (unlike <see cref="Progress{T}"/>, which posts them to the thread pool), and
/// optionally lets a test look at the network at the moment each epoch ends.
/// </summary>
public sealed class RecordingProgress(Action<EpochReport>? onEpoch = null) : IProgress<EpochReport>
{
    public List<EpochReport> Reports { get; } = [];

    public void Report(EpochReport value)
    {
        Reports.Add(value);
        onEpoch?.Invoke(value);
    }
}
