using System.Globalization;
using System.Numerics;
using System.Text;

namespace NnGen;

/// <summary>
/// Counts of classification outcomes: <c>this[actual, predicted]</c> is the number of samples of class
/// <c>actual</c> that were classified as <c>predicted</c>; the diagonal holds the correct ones.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;
    private readonly string[] _labels;

    /// <summary>An empty matrix for <paramref name="classes"/> classes.</summary>
    /// <param name="classes">The number of classes, &gt; 0.</param>
    /// <param name="labels">A name per class for <see cref="ToString"/>; the class numbers if null.</param>
    /// <exception cref="ArgumentException">The number of labels differs from <paramref name="classes"/>.</exception>
    public ConfusionMatrix(int classes, IReadOnlyList<string>? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (labels is not null && labels.Count != classes)
        {
            throw new ArgumentException($"One label per class: expected {classes} labels, got {labels.Count}.", nameof(labels));
        }

        _counts = new int[classes, classes];
        _labels = labels is null
            ? [.. Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture))]
            : [.. labels];
    }

    /// <summary>Counts pairs of actual and predicted classes.</summary>
    /// <param name="actual">The true class of each sample.</param>
    /// <param name="predicted">The predicted class of each sample.</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="labels">A name per class, or null.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, <paramref name="classes"/>).</exception>
    public ConfusionMatrix(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classes, IReadOnlyList<string>? labels = null)
        : this(classes, labels)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException($"One prediction per sample: expected {actual.Length} predictions, got {predicted.Length}.", nameof(predicted));
        }

        for (var i = 0; i < actual.Length; i++) Add(actual[i], predicted[i]);
    }

    /// <summary>
    /// Classifies every sample of <paramref name="data"/> with <paramref name="model"/> and counts the outcomes.
    /// A network with one output is a binary classifier (classes 0 and 1, threshold 0.5); otherwise each output is a class.
    /// </summary>
    /// <param name="model">The trained network.</param>
    /// <param name="data">Samples with one-hot (or, for one output, 0/1) targets.</param>
    /// <param name="labels">A name per class, or null.</param>
    /// <param name="batchSize">Samples per inference batch.</param>
    public static ConfusionMatrix Compute<T>(INetwork<T> model, Dataset<T> data, IReadOnlyList<string>? labels = null, int batchSize = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        EvaluationExtensions.CheckFits(model, data, nameof(data));
        var predicted = model.PredictClasses(data, batchSize);
        var matrix = new ConfusionMatrix(model.OutputLength == 1 ? 2 : model.OutputLength, labels);
        for (var i = 0; i < data.Count; i++) matrix.Add(NnGen.Accuracy.ClassOf(data.Target(i)), predicted[i]);
        return matrix;
    }

    /// <summary>The number of classes.</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>The class names used by <see cref="ToString"/>.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The number of samples counted.</summary>
    public int Total { get; private set; }

    /// <summary>The number of samples of class <paramref name="actual"/> classified as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The true class.</param>
    /// <param name="predicted">The predicted class.</param>
    public int this[int actual, int predicted]
    {
        get
        {
            CheckClass(actual, nameof(actual));
            CheckClass(predicted, nameof(predicted));
            return _counts[actual, predicted];
        }
    }

    /// <summary>The fraction of samples on the diagonal (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            var correct = 0;
            for (var c = 0; c < Classes; c++) correct += _counts[c, c];
            return (double)correct / Total;
        }
    }

    /// <summary>Counts one sample.</summary>
    /// <param name="actual">Its true class.</param>
    /// <param name="predicted">Its predicted class.</param>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, <see cref="Classes"/>).</exception>
    public void Add(int actual, int predicted)
    {
        if ((uint)actual >= (uint)Classes) throw new ArgumentOutOfRangeException(nameof(actual), actual, $"The actual class must lie in [0, {Classes}).");
        if ((uint)predicted >= (uint)Classes) throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"The predicted class must lie in [0, {Classes}).");
        _counts[actual, predicted]++;
        Total++;
    }

    /// <summary>Recall of class <paramref name="c"/>: the fraction of its samples predicted as it (NaN without samples).</summary>
    /// <param name="c">The class.</param>
    public double Recall(int c)
    {
        CheckClass(c, nameof(c));
        var row = 0;
        for (var p = 0; p < Classes; p++) row += _counts[c, p];
        return (double)_counts[c, c] / row;
    }

    /// <summary>Precision of class <paramref name="c"/>: the fraction of samples predicted as it that are it (NaN without predictions).</summary>
    /// <param name="c">The class.</param>
    public double Precision(int c)
    {
        CheckClass(c, nameof(c));
        var column = 0;
        for (var a = 0; a < Classes; a++) column += _counts[a, c];
        return (double)_counts[c, c] / column;
    }

    /// <summary>The matrix as a right-aligned table, one row per actual class and one column per predicted class.</summary>
    public override string ToString()
    {
        const string corner = "actual \\ predicted";
        var cell = _labels.Max(l => l.Length);
        for (var a = 0; a < Classes; a++)
        {
            for (var p = 0; p < Classes; p++) cell = Math.Max(cell, _counts[a, p].ToString(CultureInfo.InvariantCulture).Length);
        }

        var header = Math.Max(corner.Length, _labels.Max(l => l.Length));
        var text = new StringBuilder();
        text.Append(corner.PadLeft(header));
        foreach (var label in _labels) text.Append("  ").Append(label.PadLeft(cell));
        text.AppendLine();
        for (var a = 0; a < Classes; a++)
        {
            text.Append(_labels[a].PadLeft(header));
            for (var p = 0; p < Classes; p++) text.Append("  ").Append(_counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            text.AppendLine();
        }

        return text.ToString();
    }

    private void CheckClass(int c, string parameterName)
    {
        if ((uint)c >= (uint)Classes) throw new ArgumentOutOfRangeException(parameterName, c, $"A class of this matrix lies in [0, {Classes}).");
    }
}
