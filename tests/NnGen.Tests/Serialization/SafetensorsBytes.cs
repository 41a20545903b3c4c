using System.Text;

namespace NnGen.Tests.Serialization;

/// <summary>
/// safetensors files built byte by byte from the published format (huggingface/safetensors README), so that the
/// reader is checked against the format and not against our writer: an 8-byte little-endian header length N, N bytes of
/// JSON text, then the data.
/// </summary>
internal static class SafetensorsBytes
{
    /// <summary>One tensor as a file declares it: name, dtype, shape and its little-endian bytes.</summary>
    public sealed record Tensor(string Name, string DType, int[] Shape, byte[] Data);

    /// <summary>A float32 tensor, as <c>torch.save_file</c> writes one by default.</summary>
    public static Tensor F32(string name, int[] shape, params float[] values) => new(name, "F32", shape, Float32(values));

    /// <summary>A float64 tensor.</summary>
    public static Tensor F64(string name, int[] shape, params double[] values) => new(name, "F64", shape, Float64(values));

    /// <summary>
    /// The header JSON written by hand, tensors in the given order with their data laid out in that order, then the
    /// data; the header is padded with spaces to a multiple of 8 bytes, as the reference writer does.
    /// </summary>
    public static byte[] Build(IEnumerable<Tensor> tensors, string? metadataJson = null)
    {
        var list = tensors.ToList();
        var json = new StringBuilder("{");
        if (metadataJson is not null) json.Append("\"__metadata__\":").Append(metadataJson);
        long offset = 0;
        foreach (var tensor in list)
        {
            if (json.Length > 1) json.Append(',');
            json.Append($"\"{tensor.Name}\":{{\"dtype\":\"{tensor.DType}\",\"shape\":[{string.Join(",", tensor.Shape)}],\"data_offsets\":[{offset},{offset + tensor.Data.Length}]}}");
            offset += tensor.Data.Length;
        }

        json.Append('}');
        while (json.Length % 8 != 0) json.Append(' ');
        return [.. HeaderOf(json.ToString()), .. list.SelectMany(t => t.Data)];
    }

    /// <summary>The length field and the header text as given, with no data after it.</summary>
    public static byte[] HeaderOf(string json)
    {
        var text = Encoding.UTF8.GetBytes(json);
        return [.. UInt64(checked((ulong)text.Length)), .. text];
    }

    /// <summary>An unsigned 64-bit integer, least significant byte first.</summary>
    public static byte[] UInt64(ulong value)
    {
        var bytes = new byte[8];
        for (var i = 0; i < 8; i++) bytes[i] = (byte)(value >> (8 * i));
        return bytes;
    }

    /// <summary>IEEE 754 binary32 values, least significant byte first.</summary>
    public static byte[] Float32(params float[] values) =>
        [.. values.SelectMany(v => UInt64((uint)BitConverter.SingleToInt32Bits(v)).Take(4))];

    /// <summary>IEEE 754 binary64 values, least significant byte first.</summary>
    public static byte[] Float64(params double[] values) =>
        [.. values.SelectMany(v => UInt64((ulong)BitConverter.DoubleToInt64Bits(v)))];
}
