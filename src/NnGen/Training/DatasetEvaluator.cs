using System.Numerics;

namespace NnGen;

/// <summary>
/// Runs a dataset through a network in inference mode, batch by batch, into one reused output buffer, and returns
/// the mean loss and (when asked) the accuracy. Fit keeps one for the whole run, so evaluating allocates nothing.
/// </summary>
internal sealed class DatasetEvaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _model;
    private readonly int _batchSize;
    private readonly T[] _outputs; // (batchSize, OutputLength)

    public DatasetEvaluator(INetwork<T> model, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _model = model;
        _batchSize = batchSize;
        _outputs = new T[batchSize * model.OutputLength];
    }

    /// <summary>The mean loss over every sample, and the fraction classified correctly when <paramref name="withAccuracy"/>.</summary>
    public (double Loss, double? Accuracy) Run(Dataset<T> data, bool withAccuracy)
    {
        var inputLength = _model.InputLength;
        var outputLength = _model.OutputLength;
        var lossSum = 0.0;
        var correct = 0;
        for (var start = 0; start < data.Count; start += _batchSize)
        {
            var count = Math.Min(_batchSize, data.Count - start);
            var targets = data.Targets.Slice(start * outputLength, count * outputLength);
            var outputs = _outputs.AsSpan(0, count * outputLength);
            var loss = _model.Evaluate(data.Inputs.Slice(start * inputLength, count * inputLength), targets, outputs);
            lossSum += double.CreateTruncating(loss) * count;
            if (withAccuracy) correct += Accuracy.CountCorrect<T>(outputs, targets, outputLength);
        }

        return (lossSum / data.Count, withAccuracy ? (double)correct / data.Count : null);
    }
}
