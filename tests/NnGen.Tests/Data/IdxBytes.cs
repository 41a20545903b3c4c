using System.Buffers.Binary;
using System.IO.Compression;

namespace NnGen.Tests.Data;

/// <summary>IDX files built byte by byte, as the format describes them, so the reader is checked against the format and not against itself.</summary>
internal static class IdxBytes
{
    /// <summary>The magic number 0x00 0x00 type ndims, then each dimension as a big-endian int32.</summary>
    public static byte[] Header(byte type, params int[] shape)
    {
        var header = new byte[4 + 4 * shape.Length];
        header[2] = type;
        header[3] = (byte)shape.Length;
        for (var d = 0; d < shape.Length; d++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * d), shape[d]);
        return header;
    }

    public static byte[] File(byte type, int[] shape, byte[] data) => [.. Header(type, shape), .. data];

    public static byte[] UnsignedBytes(int[] shape, params byte[] values) => File(0x08, shape, values);

    public static byte[] Float32(int[] shape, params float[] values)
    {
        var data = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4 * i), values[i]);
        return File(0x0D, shape, data);
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        return output.ToArray();
    }
}
