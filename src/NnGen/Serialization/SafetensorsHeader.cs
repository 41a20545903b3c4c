using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace NnGen;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor's name (<c>0.weight</c>).</param>
/// <param name="DType">Its element type as the file spells it (<c>F32</c>).</param>
/// <param name="Shape">Its shape, outermost dimension first; empty for a scalar.</param>
/// <param name="Begin">Where its bytes start, counted from the first byte after the header.</param>
/// <param name="End">Where they end, exclusive.</param>
internal sealed record SafetensorsTensor(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// The header of a safetensors file, read and checked, or built for writing. The layout: an 8-byte little-endian
/// unsigned header length N, N bytes of UTF-8 JSON (an object mapping each tensor's name to
/// <c>{"dtype": …, "shape": […], "data_offsets": [begin, end]}</c>, and optionally <c>"__metadata__"</c> to an object of
/// strings), possibly padded with trailing spaces, then the data buffer.
/// </summary>
/// <param name="Tensors">Every tensor, in the order the header lists them.</param>
/// <param name="Metadata">The <c>__metadata__</c> strings; empty when the header has none.</param>
/// <param name="DataStart">The file offset of the data buffer: 8 + N.</param>
internal sealed record SafetensorsHeader(
    IReadOnlyList<SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    /// <summary>The longest header read: the limit of the reference implementation (<c>MAX_HEADER_SIZE</c>, 100 MB).</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Reads the header from the start of <paramref name="stream"/> and checks everything the format requires before any
    /// data is trusted: the header fits in the file, is a JSON object of well-formed entries with known dtypes, each
    /// tensor's byte range matches its shape and dtype, and the tensors tile the data buffer exactly, which ends where
    /// the file ends.
    /// </summary>
    /// <param name="stream">A readable, seekable stream positioned at the file's start.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <exception cref="InvalidDataException">The file breaks the format; the message says where and how.</exception>
    public static SafetensorsHeader Read(Stream stream, string source)
    {
        var fileLength = stream.Length;
        Span<byte> lengthField = stackalloc byte[8];
        if (fileLength < 8)
        {
            throw new InvalidDataException(
                $"{source}: expected an 8-byte header length, but the file has only {fileLength} byte{(fileLength == 1 ? "" : "s")}.");
        }

        stream.ReadExactly(lengthField);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"{source}: the header length field says {headerLength} bytes, more than the {MaxHeaderLength} this reader accepts; the file is corrupt or not a safetensors file.");
        }

        if ((long)headerLength > fileLength - 8)
        {
            throw new InvalidDataException(
                $"{source} is truncated or corrupt: the header length field says {headerLength} bytes of header, but only {fileLength - 8} bytes follow it.");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        if (headerBytes.Length == 0 || headerBytes[0] != (byte)'{')
        {
            var found = headerBytes.Length == 0 ? "an empty header" : $"byte 0x{headerBytes[0]:X2}";
            throw new InvalidDataException($"{source}: expected the JSON header to start with '{{', found {found}.");
        }

        // The format says UTF-8; System.Text.Json checks the JSON's structure but leaves bad bytes inside strings to
        // the first read of a name, which throws InvalidOperationException. Check them all here instead.
        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            System.Text.Unicode.Utf8.ToUtf16(headerBytes, new char[headerBytes.Length], out var read, out _, replaceInvalidSequences: false);
            throw new InvalidDataException(
                $"{source}: the JSON header must be UTF-8, but byte {read} of it (0x{headerBytes[read]:X2}) starts no UTF-8 character; the file is corrupt.");
        }

        var dataStart = 8 + (long)headerLength;
        var bufferLength = fileLength - dataStart;
        var (tensors, metadata) = Parse(headerBytes, source);
        foreach (var tensor in tensors) CheckExtent(tensor, bufferLength, source);
        CheckTiling(tensors, bufferLength, source);
        return new SafetensorsHeader(tensors, metadata, dataStart);
    }

    /// <summary>
    /// The header's bytes, length field included, as the reference writer lays them out: <c>__metadata__</c> first
    /// when there is any, then the tensors in the given order, compact JSON, padded with spaces so that the data starts
    /// at a multiple of 8 bytes.
    /// </summary>
    public static byte[] Format(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                    writer.WriteString(key, value);
                writer.WriteEndObject();
            }

            foreach (var tensor in tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.DType);
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Shape) writer.WriteNumberValue(dimension);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(tensor.Begin);
                writer.WriteNumberValue(tensor.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padded = (json.WrittenCount + 7) / 8 * 8;
        var bytes = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.WrittenSpan.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + json.WrittenCount).Fill((byte)' ');
        return bytes;
    }

    private static (List<SafetensorsTensor> Tensors, Dictionary<string, string> Metadata) Parse(byte[] header, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var tensors = new List<SafetensorsTensor>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException(
                    $"{source}: expected the header to be a JSON object, found {document.RootElement.ValueKind}.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new InvalidDataException($"{source}: the header names '{property.Name}' twice.");
                if (property.Name == MetadataKey) ReadMetadata(property.Value, metadata, source);
                else tensors.Add(ReadTensor(property.Name, property.Value, source));
            }

            return (tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: expected \"{MetadataKey}\" to be an object of strings, found {value.ValueKind}.");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException(
                    $"{source}: expected \"{MetadataKey}\".\"{entry.Name}\" to be a string, found {entry.Value.ValueKind}.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensor ReadTensor(string name, JsonElement value, string source)
    {
        var where = $"{source}: tensor '{name}'";
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{where}: expected an object with dtype, shape and data_offsets, found {value.ValueKind}.");

        string? dtype = null;
        long[]? shape = null, offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype" when dtype is null:
                    if (field.Value.ValueKind != JsonValueKind.String)
                        throw new InvalidDataException($"{where}: expected dtype to be a string, found {field.Value.ValueKind}.");
                    dtype = field.Value.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(field.Value, where, "shape");
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(field.Value, where, "data_offsets");
                    break;
                default:
                    throw new InvalidDataException(
                        $"{where}: unexpected or repeated field '{field.Name}'; an entry holds exactly dtype, shape and data_offsets.");
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new InvalidDataException($"{where}: the entry has no {missing}; an entry holds exactly dtype, shape and data_offsets.");
        }

        if (!SafetensorsDType.TryGetSize(dtype, out _))
            throw new InvalidDataException($"{where}: unknown dtype '{dtype}'; the format defines {SafetensorsDType.Known}.");
        if (offsets.Length != 2)
            throw new InvalidDataException($"{where}: expected data_offsets to be [begin, end], found {offsets.Length} number{(offsets.Length == 1 ? "" : "s")}.");
        return new SafetensorsTensor(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement value, string where, string field)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{where}: expected {field} to be an array of integers, found {value.ValueKind}.");
        var numbers = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                throw new InvalidDataException(
                    $"{where}: expected {field} to hold non-negative integers, found {item.GetRawText()} at position {i}.");
            }

            numbers[i++] = number;
        }

        return numbers;
    }

    /// <summary>Checks that a tensor's byte range lies in the buffer and holds exactly its shape's values.</summary>
    private static void CheckExtent(SafetensorsTensor tensor, long bufferLength, string source)
    {
        var where = $"{source}: tensor '{tensor.Name}'";
        if (tensor.Begin > tensor.End)
            throw new InvalidDataException($"{where}: data_offsets [{tensor.Begin}, {tensor.End}] end before they begin.");
        if (tensor.End > bufferLength)
        {
            throw new InvalidDataException(
                $"{where}: data_offsets [{tensor.Begin}, {tensor.End}] reach past the data buffer, which holds {bufferLength} bytes; the file is truncated or corrupt.");
        }

        SafetensorsDType.TryGetSize(tensor.DType, out var size);
        // The product only grows, so once it passes the buffer's length it cannot match: stop there, before it overflows.
        long count = tensor.Shape.Contains(0) ? 0 : 1;
        foreach (var dimension in tensor.Shape)
        {
            if (count == 0 || count > bufferLength) break;
            count = count > bufferLength / dimension ? bufferLength + 1 : count * dimension;
        }

        var bytes = tensor.End - tensor.Begin;
        if (count > bufferLength || count * size != bytes)
        {
            throw new InvalidDataException(
                $"{where}: shape ({Shape(tensor.Shape)}) of {tensor.DType} needs {(count > bufferLength ? "more than the buffer's " + bufferLength.ToString(CultureInfo.InvariantCulture) : (count * size).ToString(CultureInfo.InvariantCulture))} bytes, but data_offsets [{tensor.Begin}, {tensor.End}] span {bytes}.");
        }
    }

    /// <summary>Checks that the tensors, taken in offset order, cover the buffer from 0 to its end without gaps or overlaps.</summary>
    private static void CheckTiling(List<SafetensorsTensor> tensors, long bufferLength, string source)
    {
        long end = 0;
        SafetensorsTensor? previous = null;
        foreach (var tensor in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (tensor.Begin < end)
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{tensor.Name}' at [{tensor.Begin}, {tensor.End}] overlaps tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]; tensors must not share bytes.");
            }

            if (tensor.Begin > end)
            {
                var after = previous is null ? "the start of the buffer" : $"tensor '{previous.Name}', which ends at {end}";
                throw new InvalidDataException(
                    $"{source}: tensor '{tensor.Name}' begins at {tensor.Begin}, leaving a gap after {after}; tensors must cover the buffer without gaps.");
            }

            end = tensor.End;
            previous = tensor;
        }

        if (end != bufferLength)
        {
            throw new InvalidDataException(
                $"{source}: the tensors cover {end} bytes of data, but the file holds {bufferLength} after the header; the file must end where the last tensor does.");
        }
    }

    /// <summary>A shape as <c>4, 3</c>; a scalar as nothing.</summary>
    public static string Shape(IEnumerable<long> shape) => string.Join(", ", shape);
}
