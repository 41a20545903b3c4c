namespace NnGen;

/// <summary>
/// The element types the safetensors format defines (the <c>Dtype</c> enum of huggingface/safetensors), with the bytes
/// one value takes. Loading knows them all so that it can check any file's offsets; only <c>F32</c> and <c>F64</c>
/// can fill a network's tensors.
/// </summary>
internal static class SafetensorsDType
{
    /// <summary>32-bit IEEE 754 floats: what float networks write and what PyTorch saves by default.</summary>
    public const string F32 = "F32";

    /// <summary>64-bit IEEE 754 floats: what double networks write.</summary>
    public const string F64 = "F64";

    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, [F32] = 4,
        ["I64"] = 8, ["U64"] = 8, [F64] = 8,
    };

    /// <summary>The names the format defines, for messages.</summary>
    public static string Known => string.Join(", ", Sizes.Keys);

    /// <summary>The bytes one value of <paramref name="dtype"/> takes; false when the format does not define it.</summary>
    public static bool TryGetSize(string dtype, out int size) => Sizes.TryGetValue(dtype, out size);

    /// <summary>The dtype a network of <typeparamref name="T"/> writes: F32 for float, F64 for double.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static string Of<T>() =>
        typeof(T) == typeof(float) ? F32
        : typeof(T) == typeof(double) ? F64
        : throw new NotSupportedException(
            $"safetensors I/O handles float (F32) and double (F64) networks; this network's values are {typeof(T).Name}.");
}
