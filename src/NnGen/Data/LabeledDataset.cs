using System.Numerics;

namespace NnGen;

/// <summary>
/// A classification dataset together with what a person needs to read it: the class label of every sample, the
/// class names and, where the features have names, those (<see cref="Mnist"/>, <see cref="Iris"/>).
/// </summary>
/// <remarks>The targets of <see cref="Dataset"/> are the one-hot encodings of <see cref="Labels"/>.</remarks>
/// <typeparam name="T">float or double, the network's type.</typeparam>
public sealed class LabeledDataset<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;

    /// <summary>Pairs a dataset with its labels and names.</summary>
    /// <param name="dataset">The samples; its target length is the number of classes.</param>
    /// <param name="labels">One class label per sample, each in [0, number of classes); kept, not copied.</param>
    /// <param name="classNames">One name per class, in label order.</param>
    /// <param name="featureNames">One name per input value, or empty when the inputs have no names of their own (pixels).</param>
    /// <exception cref="ArgumentException">The counts do not fit together; the message gives both.</exception>
    public LabeledDataset(Dataset<T> dataset, int[] labels, IReadOnlyList<string> classNames, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (labels.Length != dataset.Count)
            throw new ArgumentException($"One label per sample: the dataset holds {dataset.Count} samples, but {labels.Length} labels came.", nameof(labels));
        if (classNames.Count != dataset.TargetLength)
            throw new ArgumentException($"One name per class: the targets have {dataset.TargetLength} classes, but {classNames.Count} names came.", nameof(classNames));
        if (featureNames.Count != 0 && featureNames.Count != dataset.InputLength)
            throw new ArgumentException($"One name per input value or none: the inputs have {dataset.InputLength} values, but {featureNames.Count} names came.", nameof(featureNames));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"Label {labels[i]} at index {i} is outside the class range [0, {classNames.Count}).");
        }

        Dataset = dataset;
        _labels = labels;
        ClassNames = classNames;
        FeatureNames = featureNames;
    }

    /// <summary>The samples: inputs and one-hot targets, ready for training.</summary>
    public Dataset<T> Dataset { get; }

    /// <summary>The class of every sample, in sample order.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The name of each class, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The name of each input value, or empty when the inputs have no names of their own (MNIST's pixels).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>
    /// Splits the samples at random into a training and a test set exactly as <see cref="Dataset{T}.Split"/> does
    /// (same seed, same split), with the labels and names carried along.
    /// </summary>
    /// <param name="testFraction">The fraction of samples in the test set, in (0, 1).</param>
    /// <param name="seed">Seeds the shuffle.</param>
    /// <returns>The training set and the test set.</returns>
    public (LabeledDataset<T> Train, LabeledDataset<T> Test) Split(double testFraction, ulong seed)
    {
        var (train, test) = Dataset.Split(testFraction, seed);
        return (WithSamples(train), WithSamples(test));
    }

    /// <summary>The same names around other samples of this set, whose labels are read back from their one-hot targets.</summary>
    private LabeledDataset<T> WithSamples(Dataset<T> samples) =>
        new(samples, OneHot.Decode(samples.Targets, samples.TargetLength), ClassNames, FeatureNames);
}
