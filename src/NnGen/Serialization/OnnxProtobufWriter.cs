using System.Buffers.Binary;
using System.Text;

namespace NnGen;

/// <summary>
/// Writes one protocol-buffer message in the wire format, field by field, so that the ONNX exporter needs no
/// protobuf library. Each field is a key (field number &lt;&lt; 3 | wire type) as a varint, then its value:
/// wire type 0 (varint) for integers and enums, 2 (length-delimited: a varint length, then the bytes) for strings,
/// bytes, nested messages and packed repeated integers, 5 (32-bit little-endian) for floats.
/// </summary>
/// <remarks>
/// A nested message is written into its own writer first, so that its length is known before its bytes: the
/// exporter builds each message bottom-up and embeds it with <see cref="Message"/>.
/// </remarks>
internal sealed class OnnxProtobufWriter
{
    private const int Varint = 0, LengthDelimited = 2, Fixed32 = 5;

    private readonly MemoryStream _bytes = new();

    /// <summary>The message written so far.</summary>
    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>An <c>int64</c>, <c>int32</c> or enum field. Negative values take ten bytes, as protobuf requires.</summary>
    public OnnxProtobufWriter Int64(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A <c>float</c> field: four bytes, little-endian IEEE 754.</summary>
    public OnnxProtobufWriter Float(int field, float value)
    {
        Key(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _bytes.Write(bytes);
        return this;
    }

    /// <summary>A <c>string</c> field, UTF-8.</summary>
    public OnnxProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A <c>bytes</c> field.</summary>
    public OnnxProtobufWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _bytes.Write(value);
        return this;
    }

    /// <summary>A nested message field holding what <paramref name="message"/> has written.</summary>
    public OnnxProtobufWriter Message(int field, OnnxProtobufWriter message) => Bytes(field, message._bytes.GetBuffer().AsSpan(0, (int)message._bytes.Length));

    /// <summary>
    /// A repeated <c>int64</c> field in packed form: one length-delimited field holding every value as a varint.
    /// Protobuf parsers accept the packed form for any repeated scalar field, proto2 ones included.
    /// </summary>
    public OnnxProtobufWriter PackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new OnnxProtobufWriter();
        foreach (var value in values) packed.WriteVarint((ulong)value);
        return Message(field, packed);
    }

    private void Key(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    /// <summary>Seven bits per byte, least significant group first; the high bit says another byte follows.</summary>
    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.WriteByte((byte)value);
    }
}
