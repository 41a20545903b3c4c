using System.Numerics;

namespace NnGen;

/// <summary>Evaluation and prediction over whole datasets, in inference mode.</summary>
public static class EvaluationExtensions
{
    /// <summary>
    /// The mean loss of <paramref name="model"/> over every sample of <paramref name="data"/>, and its accuracy when
    /// accuracy applies to the network's loss and these targets (see <see cref="Accuracy.Applies{T}"/>), else null.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="data">Samples whose input and target lengths match the network.</param>
    /// <param name="batchSize">Samples per inference batch.</param>
    /// <exception cref="ArgumentException">The dataset is empty or does not fit the network.</exception>
    public static (T Loss, double? Accuracy) EvaluateDataset<T>(this INetwork<T> model, Dataset<T> data, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckFits(model, data, nameof(data));
        if (data.Count == 0) throw new ArgumentException("Cannot evaluate on an empty dataset.", nameof(data));
        var withAccuracy = Accuracy.Applies(model.Loss, data.Targets, data.TargetLength);
        var (loss, accuracy) = new DatasetEvaluator<T>(model, batchSize).Run(data, withAccuracy);
        return (T.CreateTruncating(loss), accuracy);
    }

    /// <summary>
    /// The class <paramref name="model"/> predicts for each sample: the index of the largest output, or for a network
    /// with one output 1 when the output is above 0.5 and 0 otherwise.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="inputs">n·<see cref="INetwork{T}.InputLength"/> values.</param>
    /// <param name="batchSize">Samples per inference batch.</param>
    /// <exception cref="ArgumentException">The inputs do not hold whole samples.</exception>
    public static int[] PredictClasses<T>(this INetwork<T> model, ReadOnlySpan<T> inputs, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var inputLength = model.InputLength;
        var outputLength = model.OutputLength;
        if (inputs.Length % inputLength != 0)
        {
            throw new ArgumentException(
                $"The inputs must hold whole samples of {inputLength} values: expected a multiple of {inputLength}, got {inputs.Length}.", nameof(inputs));
        }

        var classes = new int[inputs.Length / inputLength];
        var outputs = new T[Math.Min(batchSize, classes.Length) * outputLength];
        for (var start = 0; start < classes.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, classes.Length - start);
            var batch = outputs.AsSpan(0, count * outputLength);
            model.PredictBatch(inputs.Slice(start * inputLength, count * inputLength), batch);
            for (var i = 0; i < count; i++) classes[start + i] = Accuracy.ClassOf<T>(batch.Slice(i * outputLength, outputLength));
        }

        return classes;
    }

    /// <summary>The class <paramref name="model"/> predicts for each sample of <paramref name="data"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="data">The samples; their targets are not used.</param>
    /// <param name="batchSize">Samples per inference batch.</param>
    public static int[] PredictClasses<T>(this INetwork<T> model, Dataset<T> data, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);

        // Without this a dataset of 8 inputs per sample would pass a 4-input network as twice the samples.
        if (data.InputLength != model.InputLength)
        {
            throw new ArgumentException(
                $"The dataset does not fit the network: expected inputs of {model.InputLength} values, got inputs of {data.InputLength}.", nameof(data));
        }

        return model.PredictClasses(data.Inputs, batchSize);
    }

    /// <summary>Throws unless <paramref name="data"/>'s sample shapes are the network's.</summary>
    internal static void CheckFits<T>(INetwork<T> model, Dataset<T> data, string parameterName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data, parameterName);
        if (data.InputLength != model.InputLength || data.TargetLength != model.OutputLength)
        {
            throw new ArgumentException(
                $"The dataset does not fit the network: expected inputs of {model.InputLength} and targets of {model.OutputLength} values, " +
                $"got inputs of {data.InputLength} and targets of {data.TargetLength}.",
                parameterName);
        }
    }
}
