using System.Numerics;
using System.Numerics.Tensors;

namespace NnGen;

/// <summary>One-hot encoding of class labels: label k of C classes becomes the row (0, …, 0, 1, 0, …, 0) with the 1 at k.</summary>
public static class OneHot
{
    /// <summary>Encodes n labels as n rows of <paramref name="classes"/> values.</summary>
    /// <param name="labels">Class labels, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes, &gt; 0.</param>
    /// <returns>n·<paramref name="classes"/> values, row after row.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, <paramref name="classes"/>); the message names it and its index.</exception>
    public static T[] Encode<T>(ReadOnlySpan<int> labels, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if ((long)labels.Length * classes > Array.MaxLength)
        {
            throw new ArgumentException(
                $"{labels.Length} labels of {classes} classes need {(long)labels.Length * classes} values, more than one array holds ({Array.MaxLength}).",
                nameof(classes));
        }

        var encoded = new T[labels.Length * classes];
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels), label, $"Label {label} at index {i} is outside the class range [0, {classes}).");
            }

            encoded[i * classes + label] = T.One;
        }

        return encoded;
    }

    /// <summary>Decodes rows of <paramref name="classes"/> values (one-hot targets or network outputs) to the index of each row's largest value.</summary>
    /// <param name="rows">n·<paramref name="classes"/> values.</param>
    /// <param name="classes">The values per row, &gt; 0.</param>
    /// <returns>n labels; ties go to the first index.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="classes"/>.</exception>
    public static int[] Decode<T>(ReadOnlySpan<T> rows, int classes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (rows.Length % classes != 0)
        {
            throw new ArgumentException($"Expected a multiple of {classes} values (whole rows), got {rows.Length}.", nameof(rows));
        }

        var labels = new int[rows.Length / classes];
        for (var i = 0; i < labels.Length; i++) labels[i] = TensorPrimitives.IndexOfMax(rows.Slice(i * classes, classes));
        return labels;
    }
}
