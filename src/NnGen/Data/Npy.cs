using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace NnGen;

/// <summary>
/// Reads and writes NumPy's <c>.npy</c> files (the format NumPy documents in <c>numpy.lib.format</c>, NEP 1): the magic
/// string <c>\x93NUMPY</c>, a major and a minor version byte, the header length (little-endian, 2 bytes in version
/// 1.0, 4 bytes in 2.0 and 3.0), the header, a Python dictionary literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 16, 16), }</c> padded with spaces and ended by a newline
/// so that the data starts at a multiple of 64 bytes, then the values in C (row-major) order.
/// </summary>
/// <remarks>
/// <para>Four element types are read and written: float32 (<c>'&lt;f4'</c>), float64 (<c>'&lt;f8'</c>), int8
/// (<c>'|i1'</c>) and int32 (<c>'&lt;i4'</c>). Files are written as NumPy 1.24+ writes them, byte for byte: version 1.0
/// unless the header needs more than 65 535 bytes, then 2.0. Versions 1.0, 2.0 and 3.0 are read.</para>
/// <para>Reading checks everything before it trusts anything, and every error is an <see cref="InvalidDataException"/>
/// that names the source and says what was expected and what came. Memory is never allocated from an unchecked header:
/// when the stream's length is known, the declared data size is compared with it first; otherwise the data is read in
/// growing chunks, so a header that claims terabytes fails on a small file without allocating them.</para>
/// <para>Writing is atomic: the file is written beside its destination under a temporary name and then renamed over
/// it, so a crash never leaves a half-written file where a good one was.</para>
/// </remarks>
public static class Npy
{
    /// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>NumPy aligns the data to this many bytes (<c>ARRAY_ALIGN</c>; 16 in NumPy before 1.9).</summary>
    private const int Alignment = 64;

    /// <summary>
    /// The longest header read: NumPy's own reader refuses headers over 10 000 bytes unless told otherwise
    /// (<c>max_header_size</c>); plain arrays need about 128.
    /// </summary>
    public const int MaxHeaderLength = 1 << 16;

    /// <summary>Where reading starts when the stream's length is unknown: the buffer grows as data arrives.</summary>
    private const int InitialChunk = 1 << 20;

    /// <summary>Writes float32 values (<c>'&lt;f4'</c>).</summary>
    /// <param name="path">The file; it is replaced atomically if it exists. Its directory must exist.</param>
    /// <param name="data">The values in C (row-major) order.</param>
    /// <param name="shape">The size of each dimension, outermost first; none means one dimension of <c>data.Length</c>.</param>
    /// <exception cref="ArgumentException">The shape does not hold exactly <c>data.Length</c> values, or a size is negative.</exception>
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) =>
        Write(path, NpyDataType.Float32, MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Writes float64 values (<c>'&lt;f8'</c>).</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{float}, int[])"/>
    public static void Write(string path, ReadOnlySpan<double> data, params int[] shape) =>
        Write(path, NpyDataType.Float64, MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Writes int8 values (<c>'|i1'</c>).</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{float}, int[])"/>
    public static void Write(string path, ReadOnlySpan<sbyte> data, params int[] shape) =>
        Write(path, NpyDataType.Int8, MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Writes int32 values (<c>'&lt;i4'</c>).</summary>
    /// <inheritdoc cref="Write(string, ReadOnlySpan{float}, int[])"/>
    public static void Write(string path, ReadOnlySpan<int> data, params int[] shape) =>
        Write(path, NpyDataType.Int32, MemoryMarshal.AsBytes(data), data.Length, shape);

    /// <summary>Reads the <c>.npy</c> file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file's element type, shape and values.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed <c>.npy</c> file of a supported type; the message says what is wrong.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, $".npy file '{path}'");
    }

    /// <summary>Reads one <c>.npy</c> file from <paramref name="stream"/>, from its current position to its end.</summary>
    /// <param name="stream">A readable stream; it is left open.</param>
    /// <returns>The file's element type, shape and values.</returns>
    /// <exception cref="InvalidDataException">The stream does not hold one well-formed <c>.npy</c> file of a supported type; the message says what is wrong.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
        return Read(stream, ".npy stream");
    }

    /// <summary>The bytes one value of <paramref name="type"/> takes.</summary>
    /// <param name="type">A .npy data type.</param>
    /// <exception cref="ArgumentOutOfRangeException">The type is not one of <see cref="NpyDataType"/>'s values.</exception>
    public static int ElementSize(NpyDataType type) => type switch
    {
        NpyDataType.Int8 => 1,
        NpyDataType.Int32 or NpyDataType.Float32 => 4,
        NpyDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a .npy data type this library knows."),
    };

    private static void Write(string path, NpyDataType type, ReadOnlySpan<byte> data, int count, int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) shape = [count];
        if (shape.Length > NpyHeader.MaxDimensions)
        {
            throw new ArgumentException($"A .npy array has at most {NpyHeader.MaxDimensions} dimensions; the shape has {shape.Length}.", nameof(shape));
        }

        Int128 product = 1;
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw new ArgumentException($"Dimension {d + 1} of the shape ({string.Join(", ", shape)}) has size {shape[d]}; sizes must be at least 0.", nameof(shape));
            }

            product *= shape[d];
        }

        if (product != count)
        {
            throw new ArgumentException(
                $"The shape {string.Join(" × ", shape)} holds {product} values, but the data has {count}.", nameof(shape));
        }

        var header = Preamble(type, shape);
        using var file = new AtomicFile(path);
        file.Stream.Write(header);
        WriteLittleEndian(file.Stream, data, ElementSize(type));
        file.Commit();
    }

    /// <summary>
    /// Magic, version, header length, header, padding and newline, as NumPy's <c>_wrap_header</c> builds them: the
    /// padding is 64 − ((preamble + header + 1) mod 64) spaces, 1 to 64 of them.
    /// </summary>
    private static byte[] Preamble(NpyDataType type, int[] shape)
    {
        var header = Encoding.ASCII.GetBytes(NpyHeader.Format(type, shape));
        foreach (var (major, lengthBytes) in new[] { (1, 2), (2, 4) })
        {
            var start = Magic.Length + 2 + lengthBytes;
            var padding = Alignment - (start + header.Length + 1) % Alignment;
            var headerLength = header.Length + padding + 1;
            if (lengthBytes == 2 && headerLength > ushort.MaxValue) continue;

            var bytes = new byte[start + headerLength];
            Magic.CopyTo(bytes);
            bytes[6] = (byte)major;
            bytes[7] = 0;
            if (lengthBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
            header.CopyTo(bytes, start);
            bytes.AsSpan(start + header.Length, padding).Fill((byte)' ');
            bytes[^1] = (byte)'\n';
            return bytes;
        }

        throw new UnreachableException("A version 2.0 header length always fits in 4 bytes.");
    }

    /// <summary>Writes the values' bytes little-endian: as they are on a little-endian machine, each value reversed otherwise.</summary>
    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<byte> data, int elementSize)
    {
        if (BitConverter.IsLittleEndian || elementSize == 1)
        {
            stream.Write(data);
            return;
        }

        var buffer = new byte[Math.Min(data.Length, 1 << 16)];
        for (var offset = 0; offset < data.Length; offset += buffer.Length)
        {
            var chunk = buffer.AsSpan(0, Math.Min(buffer.Length, data.Length - offset));
            data.Slice(offset, chunk.Length).CopyTo(chunk);
            for (var i = 0; i < chunk.Length; i += elementSize) chunk.Slice(i, elementSize).Reverse();
            stream.Write(chunk);
        }
    }

    private static NpyArray Read(Stream stream, string source)
    {
        long? available = stream.CanSeek ? stream.Length - stream.Position : null;

        Span<byte> preamble = stackalloc byte[8];
        var got = ReadFully(stream, preamble);
        if (got < 6 || !preamble[..6].SequenceEqual(Magic))
        {
            if (got >= 6 || !preamble[..got].SequenceEqual(Magic[..got]))
            {
                throw new InvalidDataException(
                    $"{source}: expected the magic string \\x93NUMPY, found {Hex(preamble[..Math.Min(got, 6)])}; this is not a .npy file.");
            }

            throw new InvalidDataException(
                $"{source}: expected the 8-byte .npy preamble (\\x93NUMPY, major and minor version), but the data ends after {got} byte{(got == 1 ? "" : "s")}.");
        }

        if (got < 8)
        {
            throw new InvalidDataException(
                $"{source}: expected the 8-byte .npy preamble (\\x93NUMPY, major and minor version), but the data ends after {got} bytes.");
        }

        int major = preamble[6], minor = preamble[7];
        if (major is not (1 or 2 or 3) || minor != 0)
        {
            throw new InvalidDataException(
                $"{source}: unsupported .npy format version {major}.{minor}; this reader knows versions 1.0, 2.0 and 3.0.");
        }

        var lengthBytes = major == 1 ? 2 : 4;
        Span<byte> lengthField = stackalloc byte[lengthBytes];
        got = ReadFully(stream, lengthField);
        if (got < lengthBytes)
        {
            throw new InvalidDataException(
                $"{source}: version {major}.0 needs a {lengthBytes}-byte header length after the version, but the data ends after {got} of them.");
        }

        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        var start = 8 + lengthBytes;
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"{source}: the header length field says {headerLength} bytes, more than the {MaxHeaderLength} this reader accepts; the file is corrupt or not a plain array.");
        }

        if (available is { } total && start + headerLength > total)
        {
            throw new InvalidDataException(
                $"{source} is truncated: the header length field says {headerLength} bytes of header after the {start}-byte preamble, but the file has only {total - start}.");
        }

        var headerBytes = new byte[headerLength];
        got = ReadFully(stream, headerBytes);
        if (got < headerLength)
        {
            throw new InvalidDataException(
                $"{source} is truncated: the header length field says {headerLength} bytes of header after the {start}-byte preamble, but the data ends after {got}.");
        }

        var (type, shape) = NpyHeader.Parse(DecodeHeader(headerBytes, major, source), source);

        // Up to 64 sizes of up to 2³¹ could overflow even Int128: stop multiplying past long.MaxValue values, which no
        // file holds anyway (each factor is below 2³², so the product still fits).
        Int128 count = shape.Contains(0) ? 0 : 1;
        for (var d = 0; d < shape.Length && count <= long.MaxValue; d++) count *= shape[d];
        var countText = count <= long.MaxValue ? $"{count}" : $"more than {long.MaxValue}";
        var elementSize = ElementSize(type);
        var declared = count * elementSize;
        var declaredText = count <= long.MaxValue ? $"{declared}" : $"more than {(Int128)long.MaxValue * elementSize}";
        var dataStart = start + headerLength;
        var what = $"the header declares shape ({string.Join(", ", shape)}) = {countText} values of {NpyHeader.Descr(type)} ({elementSize} byte{(elementSize == 1 ? "" : "s")} each), {declaredText} data bytes after the {dataStart}-byte header";

        if (available is { } length)
        {
            var found = length - dataStart;
            if (found < declared)
                throw new InvalidDataException($"{source} is truncated: {what}, but found only {found}.");
            if (found > declared)
                throw new InvalidDataException($"{source} has trailing bytes: {what}, but found {found}, {found - declared} more.");
        }

        if (declared > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {what}, more than one array can hold ({Array.MaxLength} bytes).");
        }

        var data = ReadData(stream, (int)declared, available is null ? InitialChunk : (int)declared, source, what);
        return new NpyArray(type, shape, data);
    }

    /// <summary>Latin-1 for versions 1.0 and 2.0, UTF-8 for 3.0 (which NumPy uses only for unicode field names).</summary>
    private static string DecodeHeader(byte[] bytes, int major, string source)
    {
        if (major < 3) return Encoding.Latin1.GetString(bytes);
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{source}: a version 3.0 header must be UTF-8, but it is not: {e.Message}", e);
        }
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
            filled += ReadFully(stream, data.AsSpan(filled));
            if (filled < data.Length)
                throw new InvalidDataException($"{source} is truncated: {what}, but the data ends after {filled}.");
            if (filled == declared) break;
            Array.Resize(ref data, (int)Math.Min(declared, 2L * data.Length));
        }

        long trailing = 0;
        Span<byte> scratch = stackalloc byte[4096];
        int n;
        while ((n = stream.Read(scratch)) > 0) trailing += n;
        if (trailing > 0)
            throw new InvalidDataException($"{source} has trailing bytes: {what}, but {trailing} more byte{(trailing == 1 ? "" : "s")} follow.");
        return data;
    }

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the bytes read.</summary>
    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }

        return total;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "nothing" : string.Join(" ", bytes.ToArray().Select(b => $"0x{b:X2}"));
}
