using System.Buffers.Binary;
using System.Numerics;

namespace NnGen;

/// <summary>
/// The contents of one <c>.npy</c> file (<see cref="Npy"/>): its element type, its shape and its values in C
/// (row-major) order, kept as the file stores them (little-endian) and converted on request.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[] _bytes;

    internal NpyArray(NpyDataType dataType, int[] shape, byte[] bytes)
    {
        DataType = dataType;
        Shape = Array.AsReadOnly(shape);
        Count = bytes.Length / Npy.ElementSize(dataType);
        _bytes = bytes;
    }

    /// <summary>The type of the stored values.</summary>
    public NpyDataType DataType { get; }

    /// <summary>The size of each dimension, outermost first, e.g. (1000, 16, 16); empty for a 0-d array (one value).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of values, the product of <see cref="Shape"/>.</summary>
    public int Count { get; }

    /// <summary>The values as the file stores them: row-major, multi-byte values little-endian.</summary>
    public ReadOnlySpan<byte> RawBytes => _bytes;

    /// <summary>Every value as a float, row-major; float64 values are rounded to the nearest float.</summary>
    public float[] ToSingle() => ToArray<float>();

    /// <summary>Every value as a double, row-major; exact for every stored type.</summary>
    public double[] ToDouble() => ToArray<double>();

    /// <summary>Every value as an int, row-major.</summary>
    /// <exception cref="InvalidOperationException">The file holds floating-point values.</exception>
    public int[] ToInt32()
    {
        RequireIntegers(nameof(ToInt32));
        return ToArray<int>();
    }

    /// <summary>Every value as an sbyte, row-major.</summary>
    /// <exception cref="InvalidOperationException">The file holds floating-point values.</exception>
    /// <exception cref="OverflowException">An int32 value lies outside [−128, 127]; the message gives its index and value.</exception>
    public sbyte[] ToSByte()
    {
        RequireIntegers(nameof(ToSByte));
        if (DataType == NpyDataType.Int8) return ToArray<sbyte>();

        var values = new sbyte[Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(4 * i));
            if (value is < sbyte.MinValue or > sbyte.MaxValue)
            {
                throw new OverflowException($"Value {i} is {value}, outside the range of sbyte [{sbyte.MinValue}, {sbyte.MaxValue}].");
            }

            values[i] = (sbyte)value;
        }

        return values;
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
            case NpyDataType.Int8:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked((sbyte)bytes[i]);
                break;
            case NpyDataType.Int32:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]));
                break;
            case NpyDataType.Float32:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]));
                break;
            case NpyDataType.Float64:
                for (var i = 0; i < values.Length; i++) values[i] = T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]));
                break;
            default:
                throw new InvalidOperationException($"Unknown .npy data type {DataType}.");
        }

        return values;
    }

    /// <summary>The type and shape, e.g. <c>Int8 (1000 × 16 × 16)</c>.</summary>
    public override string ToString() => $"{DataType} ({string.Join(" × ", Shape)})";

    private void RequireIntegers(string method)
    {
        if (DataType is NpyDataType.Float32 or NpyDataType.Float64)
        {
            throw new InvalidOperationException(
                $"{method} reads integer .npy data (Int8 or Int32), but this array holds {DataType}; use ToSingle or ToDouble.");
        }
    }
}
