using System.Buffers.Binary;
using System.IO.Compression;

namespace NnGen;

/// <summary>
/// Reads IDX files, the format of MNIST (LeCun et al.): a magic number <c>0x00 0x00 type ndims</c>, ndims big-endian
/// int32 dimension sizes, then the values, row-major and big-endian. Raw and gzip-compressed files are both read; gzip
/// is recognized by its magic bytes <c>0x1f 0x8b</c>, not by the file name.
/// </summary>
/// <remarks>
/// The header is checked before any data is read, and memory is never allocated beyond what the data actually holds:
/// when the stream's length is known, the declared size is compared with it first; otherwise the data is read in
/// growing chunks, so a corrupted header that claims gigabytes fails on a small file without allocating them.
/// Every error is an <see cref="InvalidDataException"/> that names the source and says what was expected and what came.
/// </remarks>
public static class Idx
{
    /// <summary>The most dimensions a file may declare.</summary>
    public const int MaxDimensions = 4;

    /// <summary>Where reading starts when the stream's length is unknown (gzip): the buffer grows as data arrives.</summary>
    private const int InitialChunk = 1 << 20;

    /// <summary>Reads the IDX file at <paramref name="path"/>, raw or gzip-compressed.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file's type, shape and values.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file; the message says what is wrong.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, $"IDX file '{path}'");
    }

    /// <summary>Reads one IDX file from <paramref name="stream"/>, raw or gzip-compressed, from its current position to its end.</summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <returns>The file's type, shape and values.</returns>
    /// <exception cref="InvalidDataException">The stream does not hold one well-formed IDX file; the message says what is wrong.</exception>
    public static IdxArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Read(stream, "IDX stream");
    }

    /// <summary>The bytes one value of <paramref name="type"/> takes.</summary>
    /// <param name="type">An IDX data type.</param>
    /// <exception cref="ArgumentOutOfRangeException">The type is not one of <see cref="IdxDataType"/>'s values.</exception>
    public static int ElementSize(IdxDataType type) => type switch
    {
        IdxDataType.UnsignedByte or IdxDataType.SignedByte => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        IdxDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not an IDX data type."),
    };

    private static IdxArray Read(Stream stream, string source)
    {
        if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));

        // Look at the first two bytes to tell gzip from raw, then put them back.
        var start = new byte[2];
        if (stream.CanSeek)
        {
            var position = stream.Position;
            var n = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
            stream.Position = position;
            if (n == 2 && IsGzip(start))
            {
                using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
                return ReadIdx(gzip, available: null, $"{source} (gzip)");
            }

            return ReadIdx(stream, stream.Length - position, source);
        }
        else
        {
            var n = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
            var replay = new PrefixedStream(start[..n], stream);
            if (n == 2 && IsGzip(start))
            {
                using var gzip = new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true);
                return ReadIdx(gzip, available: null, $"{source} (gzip)");
            }

            return ReadIdx(replay, available: null, source);
        }
    }

    private static bool IsGzip(ReadOnlySpan<byte> start) => start[0] == 0x1f && start[1] == 0x8b;

    /// <summary>Reads header and data from a stream holding exactly one IDX file.</summary>
    /// <param name="stream">The (decompressed) IDX bytes.</param>
    /// <param name="available">The bytes left in the stream, when its length is known.</param>
    /// <param name="source">Names the file or stream in messages.</param>
    private static IdxArray ReadIdx(Stream stream, long? available, string source)
    {
        var magic = new byte[4];
        var got = ReadFully(stream, magic, source);
        if (got < 4)
        {
            throw new InvalidDataException(
                $"{source}: expected a 4-byte IDX magic number (0x00 0x00 type ndims), but the data ends after {got} byte{(got == 1 ? "" : "s")}.");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"{source}: expected an IDX magic number starting with 0x00 0x00, found 0x{magic[0]:X2} 0x{magic[1]:X2}; this is not an IDX file.");
        }

        var type = (IdxDataType)magic[2];
        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException(
                $"{source}: unknown IDX data type 0x{magic[2]:X2}; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (int16), 0x0C (int32), 0x0D (float32) or 0x0E (float64).");
        }

        int dimensions = magic[3];
        if (dimensions is < 1 or > MaxDimensions)
        {
            throw new InvalidDataException(
                $"{source}: the magic number declares {dimensions} dimensions; expected 1 to {MaxDimensions}.");
        }

        var header = new byte[4 * dimensions];
        got = ReadFully(stream, header, source);
        if (got < header.Length)
        {
            throw new InvalidDataException(
                $"{source}: the header is truncated: {dimensions} dimensions need {header.Length} bytes of sizes after the magic number, but the data ends after {got}.");
        }

        var shape = new int[dimensions];
        Int128 count = 1;
        for (var d = 0; d < dimensions; d++)
        {
            shape[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * d));
            if (shape[d] <= 0)
            {
                throw new InvalidDataException(
                    $"{source}: dimension {d + 1} of {dimensions} has size {shape[d]}; every dimension must be at least 1.");
            }

            count *= shape[d]; // at most (2³¹)⁴ = 2¹²⁴: Int128 cannot overflow.
        }

        var elementSize = ElementSize(type);
        var declared = count * elementSize;
        var headerLength = 4 + header.Length;
        var what = $"the header declares {string.Join(" × ", shape)} = {count} values of {type} ({elementSize} byte{(elementSize == 1 ? "" : "s")} each), {declared} data bytes after the {headerLength}-byte header";

        if (available is { } length)
        {
            var found = length - headerLength;
            if (found < declared)
                throw new InvalidDataException($"{source} is truncated: {what}, but found only {found}.");
            if (found > declared)
                throw new InvalidDataException($"{source} has trailing bytes: {what}, but found {found}, {found - declared} more.");
        }

        if (declared > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{source}: {what}, more than one array can hold ({Array.MaxLength} bytes).");
        }

        var data = ReadData(stream, (int)declared, available is null ? InitialChunk : (int)declared, source, what);
        return new IdxArray(type, shape, data);
    }

    /// <summary>
    /// Reads exactly <paramref name="declared"/> bytes and checks that nothing follows. The buffer starts at
    /// <paramref name="initialCapacity"/> bytes and doubles only as data arrives, never beyond the declared size.
    /// </summary>
    private static byte[] ReadData(Stream stream, int declared, int initialCapacity, string source, string what)
    {
        var data = new byte[Math.Min(declared, initialCapacity)];
        var filled = 0;
        while (true)
        {
            filled += ReadFully(stream, data.AsSpan(filled), source);
            if (filled < data.Length)
                throw new InvalidDataException($"{source} is truncated: {what}, but the data ends after {filled}.");
            if (filled == declared) break;
            Array.Resize(ref data, (int)Math.Min(declared, 2L * data.Length));
        }

        long trailing = 0;
        Span<byte> scratch = stackalloc byte[4096];
        int n;
        while ((n = ReadOrThrow(stream, scratch, source)) > 0) trailing += n;
        if (trailing > 0)
            throw new InvalidDataException($"{source} has trailing bytes: {what}, but {trailing} more byte{(trailing == 1 ? "" : "s")} follow.");
        return data;
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    private static int ReadFully(Stream stream, Span<byte> buffer, string source)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = ReadOrThrow(stream, buffer[total..], source);
            if (n == 0) break;
            total += n;
        }

        return total;
    }

    /// <summary>One read, with a corrupt gzip stream reported as invalid IDX data of this source.</summary>
    private static int ReadOrThrow(Stream stream, Span<byte> buffer, string source)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: the gzip data is corrupt: {e.Message}", e);
        }
    }
}
