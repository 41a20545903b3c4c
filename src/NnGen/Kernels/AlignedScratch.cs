using System.Runtime.CompilerServices;

namespace NnGen;

/// <summary>
/// Per-thread scratch on 64-byte boundaries, for products that copy their operands into whole cache lines: a 512-bit
/// load that straddles two lines costs two, and .NET arrays start on 8- or 16-byte boundaries, so unpacked operands
/// ran the products at half the processor's speed. The buffers are <see cref="AlignedBuffer{T}"/>s (pinned: they never
/// move) and only grow.
/// </summary>
internal static unsafe class AlignedScratch
{
    private const int Alignment = AlignedBuffer<byte>.Alignment;

    [ThreadStatic] private static AlignedBuffer<byte>? t_rows;
    [ThreadStatic] private static AlignedBuffer<byte>? t_block;

    /// <summary>Room for <paramref name="count"/> values, for the rows a call keeps for long.</summary>
    public static T* Rows<T>(long count) where T : unmanaged => (T*)Get(ref t_rows, count * sizeof(T));

    /// <summary>Room for <paramref name="count"/> values, for a small block renewed often; apart from <see cref="Rows{T}"/>.</summary>
    public static T* Block<T>(long count) where T : unmanaged => (T*)Get(ref t_block, count * sizeof(T));

    /// <summary>Values per row when rows of <paramref name="length"/> values each start on a cache line.</summary>
    public static int Stride<T>(int length) where T : unmanaged
    {
        var perLine = Alignment / sizeof(T);
        return (length + perLine - 1) / perLine * perLine;
    }

    /// <summary>Whether rows of <paramref name="length"/> values from <paramref name="start"/> each start on a cache line already.</summary>
    public static bool IsAligned<T>(T* start, int length) where T : unmanaged =>
        (nuint)start % Alignment == 0 && (long)length * sizeof(T) % Alignment == 0;

    private static byte* Get(ref AlignedBuffer<byte>? buffer, long bytes)
    {
        if (buffer is null || buffer.Length < bytes) buffer = new AlignedBuffer<byte>(checked((int)bytes));
        return (byte*)Unsafe.AsPointer(ref buffer.Reference);   // pinned: the address stays valid
    }
}
