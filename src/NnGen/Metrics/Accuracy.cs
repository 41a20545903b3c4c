using System.Numerics;
using System.Numerics.Tensors;

namespace NnGen;

/// <summary>
/// Classification accuracy: the fraction of samples whose output row names the same class as their target row.
/// </summary>
/// <remarks>
/// A row of one value names class 1 when the value is above 0.5 and class 0 otherwise (a sigmoid output, a 0/1
/// target); a longer row names the index of its largest value, the first on a tie (softmax outputs, one-hot targets).
/// </remarks>
public static class Accuracy
{
    /// <summary>
    /// Whether accuracy means something for a network trained on <paramref name="loss"/> against these targets:
    /// with one output, when the loss is binary cross-entropy or every target is 0 or 1; with several outputs, when
    /// the loss is cross-entropy or every target row is one-hot. Otherwise (regression, multi-label targets) not.
    /// </summary>
    /// <param name="loss">The network's loss.</param>
    /// <param name="targets">The target rows, flat.</param>
    /// <param name="targetLength">The values per row, the network's output length.</param>
    public static bool Applies<T>(LossKind loss, ReadOnlySpan<T> targets, int targetLength) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetLength);
        if (targetLength == 1)
        {
            if (loss == LossKind.BinaryCrossEntropy) return true;
            if (loss == LossKind.CrossEntropy || targets.IsEmpty) return false;
            foreach (var t in targets)
            {
                if (t != T.Zero && t != T.One) return false;
            }

            return true;
        }

        if (loss == LossKind.CrossEntropy) return true;
        if (targets.IsEmpty) return false;
        for (var row = 0; row < targets.Length; row += targetLength)
        {
            var ones = 0;
            foreach (var t in targets.Slice(row, targetLength))
            {
                if (t == T.One) ones++;
                else if (t != T.Zero) return false;
            }

            if (ones != 1) return false;
        }

        return true;
    }

    /// <summary>The class one output or target row names: above 0.5 for a single value, otherwise the index of the largest value.</summary>
    /// <param name="row">One sample's values; not empty.</param>
    public static int ClassOf<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.IsEmpty) throw new ArgumentException("A row needs at least one value.", nameof(row));
        return row.Length == 1
            ? row[0] > T.CreateTruncating(0.5) ? 1 : 0
            : TensorPrimitives.IndexOfMax(row);
    }

    /// <summary>The number of samples whose output row names the same class as their target row.</summary>
    /// <param name="outputs">n rows of <paramref name="rowLength"/> values.</param>
    /// <param name="targets">n rows of <paramref name="rowLength"/> values.</param>
    /// <param name="rowLength">The values per row.</param>
    /// <exception cref="ArgumentException">The buffers differ in length or do not hold whole rows.</exception>
    public static int CountCorrect<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int rowLength) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        if (outputs.Length != targets.Length || outputs.Length % rowLength != 0)
        {
            throw new ArgumentException(
                $"Expected as many output values as target values, whole rows of {rowLength}: got {outputs.Length} outputs and {targets.Length} targets.");
        }

        var correct = 0;
        for (var row = 0; row < outputs.Length; row += rowLength)
        {
            if (ClassOf(outputs.Slice(row, rowLength)) == ClassOf(targets.Slice(row, rowLength))) correct++;
        }

        return correct;
    }
}
