namespace NnGen;

/// <summary>
/// The element types <see cref="Npy"/> reads and writes, each with the NumPy type string (<c>descr</c>) that names it
/// in a <c>.npy</c> header.
/// </summary>
public enum NpyDataType
{
    /// <summary>Signed 8-bit integer, <c>'|i1'</c> (<c>np.int8</c>); one byte, so no byte order.</summary>
    Int8,

    /// <summary>Little-endian signed 32-bit integer, <c>'&lt;i4'</c> (<c>np.int32</c>).</summary>
    Int32,

    /// <summary>Little-endian IEEE 754 single, <c>'&lt;f4'</c> (<c>np.float32</c>).</summary>
    Float32,

    /// <summary>Little-endian IEEE 754 double, <c>'&lt;f8'</c> (<c>np.float64</c>).</summary>
    Float64,
}
