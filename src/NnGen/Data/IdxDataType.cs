namespace NnGen;

/// <summary>The element type of an IDX file, the third byte of its magic number.</summary>
public enum IdxDataType : byte
{
    /// <summary>Unsigned byte (0x08), one byte per value; MNIST's pixels and labels.</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed byte (0x09), one byte per value.</summary>
    SignedByte = 0x09,

    /// <summary>Big-endian 16-bit signed integer (0x0B).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian 32-bit signed integer (0x0C).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE 754 single (0x0D).</summary>
    Float32 = 0x0D,

    /// <summary>Big-endian IEEE 754 double (0x0E).</summary>
    Float64 = 0x0E,
}
