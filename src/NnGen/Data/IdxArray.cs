using System.Buffers.Binary;
using System.Numerics;

namespace NnGen;

/// <summary>
/// The contents of one IDX file (<see cref="Idx"/>): its element type, its shape and its values, row-major, kept
/// as the file stores them (big-endian) and converted on request.
/// </summary>
public sealed class IdxArray
{
    private readonly byte[] _bytes;

    internal IdxArray(IdxDataType dataType, int[] shape, byte[] bytes)
    {
        DataType = dataType;
        Shape = Array.AsReadOnly(shape);
        Count = bytes.Length / Idx.ElementSize(dataType);
        _bytes = bytes;
    }

    /// <summary>The type of the stored values.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The size of each dimension, outermost first: MNIST's training images are (60000, 28, 28).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of values, the product of <see cref="Shape"/>.</summary>
    public int Count { get; }

    /// <summary>The values as the file stores them: row-major, multi-byte values big-endian.</summary>
    public ReadOnlySpan<byte> RawBytes => _bytes;

    /// <summary>Every value as a float, row-major.</summary>
    public float[] ToSingle() => ToArray<float>();

    /// <summary>Every value as a double, row-major.</summary>
    public double[] ToDouble() => ToArray<double>();

    /// <summary>Every value as an int, row-major (labels, counts).</summary>
    /// <exception cref="InvalidOperationException">The file holds floating-point values.</exception>
    public int[] ToInt32()
    {
        if (DataType is IdxDataType.Float32 or IdxDataType.Float64)
        {
            throw new InvalidOperationException(
                $"ToInt32 reads integer IDX data (UnsignedByte, SignedByte, Int16 or Int32), but this array holds {DataType}; use ToSingle or ToDouble.");
        }

        return ToArray<int>();
    }

    /// <summary>Every value converted to <typeparamref name="T"/>, row-major.</summary>
    /// <typeparam name="T">Any numeric type that can hold the values, e.g. float, double or int.</typeparam>
    /// <exception cref="OverflowException">A value does not fit in <typeparamref name="T"/>.</exception>
    public T[] ToArray<T>() where T : INumberBase<T>
    {
        var values = new T[Count];
        var bytes = _bytes.AsSpan();
        switch (DataType)
        {
            case IdxDataType.UnsignedByte:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(bytes[i]);
                break;
            case IdxDataType.SignedByte:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked((sbyte)bytes[i]);
                break;
            case IdxDataType.Int16:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadInt16BigEndian(bytes[(2 * i)..]));
                break;
            case IdxDataType.Int32:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadInt32BigEndian(bytes[(4 * i)..]));
                break;
            case IdxDataType.Float32:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadSingleBigEndian(bytes[(4 * i)..]));
                break;
            case IdxDataType.Float64:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadDoubleBigEndian(bytes[(8 * i)..]));
                break;
            default:
                throw new InvalidOperationException($"Unknown IDX data type {DataType}.");
        }

        return values;
    }

    /// <summary>The type and shape, e.g. <c>UnsignedByte (60000 × 28 × 28)</c>.</summary>
    public override string ToString() => $"{DataType} ({string.Join(" × ", Shape)})";
}
