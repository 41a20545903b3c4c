using System.Buffers.Binary;

namespace NnGen.Plots.Tests.Support;

/// <summary>Just enough of the PNG format to check what the plots wrote.</summary>
public static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Asserts that <paramref name="path"/> starts with the PNG signature and an IHDR chunk, and returns the width and
    /// height that IHDR declares (bytes 16–19 and 20–23, big-endian).
    /// </summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} holds {bytes.Length} bytes, too few for a PNG.");
        Assert.Equal(Signature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
