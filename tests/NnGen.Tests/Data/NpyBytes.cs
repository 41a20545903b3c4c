using System.Buffers.Binary;
using System.Text;

namespace NnGen.Tests.Data;

/// <summary>
/// .npy files built byte by byte from the published format (numpy.lib.format, NEP 1), so the reader is checked against
/// the format and not against the writer.
/// </summary>
internal static class NpyBytes
{
    /// <summary>
    /// \x93NUMPY, the version, the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header
    /// text padded with spaces and a final '\n' so that the data starts at a multiple of <paramref name="alignment"/>.
    /// </summary>
    public static byte[] File(string header, byte[] data, byte major = 1, byte minor = 0, int alignment = 64)
    {
        var lengthBytes = major == 1 ? 2 : 4;
        var prefix = 8 + lengthBytes;
        var text = Encoding.UTF8.GetBytes(header);
        var padding = (alignment - (prefix + text.Length + 1) % alignment) % alignment;
        var headerLength = text.Length + padding + 1;
        return [.. Preamble(major, minor, headerLength), .. text, .. Enumerable.Repeat((byte)' ', padding), (byte)'\n', .. data];
    }

    /// <summary>Magic, version and a header length field saying <paramref name="headerLength"/>, whatever follows.</summary>
    public static byte[] Preamble(byte major, byte minor, long headerLength)
    {
        var lengthBytes = major == 1 ? 2 : 4;
        var bytes = new byte[8 + lengthBytes];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = major;
        bytes[7] = minor;
        if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        return bytes;
    }

    /// <summary>The dictionary NumPy writes for a C-ordered array.</summary>
    public static string Header(string descr, string shape) =>
        $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";

    public static byte[] Float32(params float[] values)
    {
        var data = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        return data;
    }

    public static byte[] Float64(params double[] values)
    {
        var data = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        return data;
    }

    public static byte[] Int32(params int[] values)
    {
        var data = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4 * i), values[i]);
        return data;
    }
}
