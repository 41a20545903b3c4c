using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NnGen;

/// <summary>
/// Saves and loads a network's parameters and buffers in Hugging Face's safetensors format, the format PyTorch users
/// exchange weights in (<c>safetensors.torch.save_file</c> / <c>load_file</c>): an 8-byte little-endian header length N,
/// N bytes of UTF-8 JSON mapping each tensor's name to <c>{"dtype", "shape", "data_offsets"}</c> (offsets counted from
/// the byte after the header, end exclusive) with an optional <c>"__metadata__"</c> object of strings, then the data,
/// little-endian and row-major.
/// </summary>
/// <remarks>
/// <para><b>Names.</b> Every tensor carries the name PyTorch's <c>nn.Sequential</c> gives it, so that
/// <c>model.load_state_dict(load_file(path))</c> works on the equivalent PyTorch model and the other way round. The
/// index <c>i</c> counts every layer after <c>[Input]</c> as <c>nn.Sequential</c> counts modules: activations,
/// pooling, Flatten and Dropout take an index too.</para>
/// <list type="table">
/// <listheader><term>layer</term><description>tensors, shapes outermost first</description></listheader>
/// <item><term>Dense</term><description><c>{i}.weight</c> (out, in), <c>{i}.bias</c> (out)</description></item>
/// <item><term>Conv2D</term><description><c>{i}.weight</c> (out, in, k, k), <c>{i}.bias</c> (out)</description></item>
/// <item><term>BatchNorm</term><description><c>{i}.weight</c> (γ), <c>{i}.bias</c> (β), <c>{i}.running_mean</c>,
/// <c>{i}.running_var</c>, each (features)</description></item>
/// </list>
/// <para>The names and offsets come from <see cref="INetwork{T}.ParameterTensors"/> and
/// <see cref="INetwork{T}.BufferTensors"/>; both are saved.</para>
/// <para><b>Saving</b> writes float networks as <c>F32</c> and double networks as <c>F64</c>. Tensors are sorted by
/// name in ordinal (byte) order and their data laid out in that same order, as the reference writer does for tensors of
/// one dtype; <c>__metadata__</c> comes first when given; the header is padded with spaces so that the data starts at a
/// multiple of 8 bytes. The file is written atomically (a temporary file beside it, then one rename), so a crash never
/// leaves half a file where a good one was.</para>
/// <para><b>Loading</b> checks the whole file before it changes anything: the header against the format (length within
/// the file and at most <see cref="MaxHeaderLength"/> bytes, JSON entries with known dtypes, byte ranges that match
/// their shapes and tile the data exactly up to the end of the file), then against the network (exactly its tensor
/// names, each with its exact shape and a float dtype). Only then are the values copied into
/// <see cref="INetwork{T}.Parameters"/> and <see cref="INetwork{T}.Buffers"/>: a file of another architecture is
/// refused and the network is left as it was, never half-loaded.</para>
/// <para>Both <c>F32</c> and <c>F64</c> load into either kind of network, since PyTorch saves float32 by default:
/// F32 into a double network widens exactly; F64 into a float network rounds each value to the nearest float. A
/// matching dtype copies the bits unchanged. Other dtypes (F16, BF16, integers) are refused for the network's tensors.</para>
/// <para>PyTorch's BatchNorm also saves <c>{i}.num_batches_tracked</c> (an I64 scalar). Loading accepts it where the
/// network has <c>{i}.running_mean</c> and ignores its value (it counts training batches, which only PyTorch's
/// <c>momentum=None</c> mode reads). Saving does not write it: PyTorch's BatchNorm fills in a missing one when the state
/// dict carries no version metadata, as the plain dict from <c>load_file</c> does; otherwise load with
/// <c>strict=False</c>.
/// <c>__metadata__</c> is checked to be strings and otherwise ignored on load.</para>
/// </remarks>
public static class Safetensors
{
    /// <summary>The longest header read, 100 MB: the limit of the reference implementation.</summary>
    public const long MaxHeaderLength = SafetensorsHeader.MaxHeaderLength;

    private const string BatchesTracked = ".num_batches_tracked";

    /// <summary>
    /// Writes every parameter and buffer tensor of <paramref name="network"/> to <paramref name="path"/> as a
    /// safetensors file, with PyTorch's names; float networks as F32, double networks as F64. Replaces the file
    /// atomically if it exists.
    /// </summary>
    /// <param name="network">The network; float or double.</param>
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="metadata">Strings for the header's <c>__metadata__</c> (e.g. <c>{"format": "pt"}</c>, which the
    /// transformers library looks for); none is written when null or empty.</param>
    /// <exception cref="NotSupportedException">The network's values are neither float nor double.</exception>
    /// <exception cref="InvalidOperationException">The network names two tensors alike, or a tensor lies outside its buffer.</exception>
    public static void SaveSafetensors<T>(this INetwork<T> network, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dtype = SafetensorsDType.Of<T>();
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                if (value is null) throw new ArgumentException($"Metadata '{key}' has no value; metadata values must be strings.", nameof(metadata));
            }
        }

        var tensors = NetworkTensors(network);
        var size = Unsafe.SizeOf<T>();
        var layout = new List<SafetensorsTensor>(tensors.Count);
        long offset = 0;
        foreach (var tensor in tensors.OrderBy(t => t.Tensor.Name, StringComparer.Ordinal))
        {
            var bytes = (long)tensor.Tensor.Length * size;
            layout.Add(new SafetensorsTensor(tensor.Tensor.Name, dtype, [.. tensor.Tensor.Shape.Select(d => (long)d)], offset, offset + bytes));
            offset += bytes;
        }

        var header = SafetensorsHeader.Format(layout, metadata);
        using var file = new AtomicFile(path);
        file.Stream.Write(header);
        var byName = tensors.ToDictionary(t => t.Tensor.Name, StringComparer.Ordinal);
        foreach (var entry in layout)
        {
            var (tensor, isBuffer) = byName[entry.Name];
            var values = (isBuffer ? network.Buffers : network.Parameters).Slice(tensor.Offset, tensor.Length);
            WriteLittleEndian(file.Stream, values);
        }

        file.Commit();
    }

    /// <summary>
    /// Replaces the parameters and buffers of <paramref name="network"/> with the tensors of the safetensors file at
    /// <paramref name="path"/>, after checking that the file is well formed and holds exactly the network's tensors
    /// with their shapes. When any check fails, the network is left unchanged.
    /// </summary>
    /// <param name="network">The network; float or double.</param>
    /// <param name="path">The file, e.g. one PyTorch wrote with <c>safetensors.torch.save_file(model.state_dict(), path)</c>.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file breaks the safetensors format; the message names the file, the tensor and what is wrong.</exception>
    /// <exception cref="ArgumentException">The file is well formed but holds another architecture: a tensor is missing,
    /// unexpected, of another shape or of a dtype other than F32/F64. The message names the file, the tensor and both values.</exception>
    /// <exception cref="NotSupportedException">The network's values are neither float nor double.</exception>
    public static void LoadSafetensors<T>(this INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        Load(network, stream, $"safetensors file '{path}'", path);
    }

    /// <summary>
    /// As <see cref="LoadSafetensors{T}(INetwork{T}, string)"/>, from a stream: for weights embedded in an assembly
    /// (<c>GetManifestResourceStream</c>), as a NativeAOT binary that ships without side files holds them.
    /// </summary>
    /// <param name="network">The network; float or double.</param>
    /// <param name="stream">The whole safetensors file; read from its start, and copied first if it cannot seek.</param>
    /// <exception cref="InvalidDataException">The stream breaks the safetensors format.</exception>
    /// <exception cref="ArgumentException">The stream holds another architecture.</exception>
    public static void LoadSafetensors<T>(this INetwork<T> network, Stream stream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            stream.Position = 0;
            Load(network, stream, "safetensors stream", nameof(stream));
            return;
        }
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        Load(network, copy, "safetensors stream", nameof(stream));
    }

    private static void Load<T>(INetwork<T> network, Stream stream, string source, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var own = SafetensorsDType.Of<T>();
        var target = network.GetType().Name;
        var header = SafetensorsHeader.Read(stream, source);
        var expected = NetworkTensors(network);
        var inFile = CheckNames(header, expected, source, target, path);

        foreach (var (tensor, _) in expected)
        {
            var entry = inFile[tensor.Name];
            if (entry.DType is not (SafetensorsDType.F32 or SafetensorsDType.F64))
            {
                throw new ArgumentException(
                    $"{source}: tensor '{tensor.Name}' is {entry.DType}, but network {target} reads F32 or F64 (it holds {own}).", nameof(path));
            }

            if (!entry.Shape.SequenceEqual(tensor.Shape.Select(d => (long)d)))
            {
                throw new ArgumentException(
                    $"{source}: tensor '{tensor.Name}' has shape ({SafetensorsHeader.Shape(entry.Shape)}), but network {target} needs ({string.Join(", ", tensor.Shape)}).", nameof(path));
            }
        }

        // Everything is checked: read each tensor into a staging array, and touch the network only once all are read.
        var staged = new List<(T[] Values, ParameterTensor Tensor, bool IsBuffer)>(expected.Count);
        foreach (var (tensor, isBuffer) in expected)
        {
            var entry = inFile[tensor.Name];
            var bytes = new byte[entry.End - entry.Begin];
            stream.Position = header.DataStart + entry.Begin;
            stream.ReadExactly(bytes);
            staged.Add((Decode<T>(bytes, entry.DType), tensor, isBuffer));
        }

        foreach (var (values, tensor, isBuffer) in staged)
            values.CopyTo((isBuffer ? network.Buffers : network.Parameters).Slice(tensor.Offset, tensor.Length));
    }

    /// <summary>
    /// The network's parameter and buffer tensors, checked to have distinct names and to lie inside their buffers, so
    /// that neither saving nor loading can fail halfway on the network's own account.
    /// </summary>
    private static List<(ParameterTensor Tensor, bool IsBuffer)> NetworkTensors<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new List<(ParameterTensor, bool)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, isBuffer, length) in new[]
                 {
                     (network.ParameterTensors, false, network.Parameters.Length),
                     (network.BufferTensors, true, network.Buffers.Length),
                 })
        {
            foreach (var tensor in list)
            {
                if (!names.Add(tensor.Name))
                    throw new InvalidOperationException($"Network {network.GetType().Name} names two tensors '{tensor.Name}'.");
                if (tensor.Offset < 0 || (long)tensor.Offset + tensor.Length > length)
                {
                    throw new InvalidOperationException(
                        $"Network {network.GetType().Name}: tensor '{tensor.Name}' at offset {tensor.Offset} with {tensor.Length} values lies outside its buffer of {length}.");
                }

                tensors.Add((tensor, isBuffer));
            }
        }

        return tensors;
    }

    /// <summary>
    /// The file's tensors by name, after checking that they are exactly the network's, apart from BatchNorm's
    /// <c>num_batches_tracked</c>, which is ignored.
    /// </summary>
    private static Dictionary<string, SafetensorsTensor> CheckNames(
        SafetensorsHeader header, List<(ParameterTensor Tensor, bool IsBuffer)> expected, string source, string target, string path)
    {
        var wanted = expected.Select(t => t.Tensor.Name).ToHashSet(StringComparer.Ordinal);
        var inFile = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        string? unexpected = null;
        foreach (var entry in header.Tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (wanted.Contains(entry.Name)) inFile[entry.Name] = entry;
            else if (!IsBatchesTracked(entry.Name, wanted)) unexpected ??= entry.Name;
        }

        var missing = expected.Select(t => t.Tensor.Name).FirstOrDefault(name => !inFile.ContainsKey(name));
        if (missing is null && unexpected is null) return inFile;

        var problem = (missing, unexpected) switch
        {
            (not null, not null) => $"it lacks tensor '{missing}' and holds '{unexpected}', which the network does not have",
            (not null, null) => $"it lacks tensor '{missing}'",
            _ => $"it holds tensor '{unexpected}', which the network does not have",
        };
        throw new ArgumentException(
            $"{source} does not fit network {target}: {problem}. The network has {expected.Count} tensors ({string.Join(", ", expected.Select(t => t.Tensor.Name))}); the file has {header.Tensors.Count} ({string.Join(", ", header.Tensors.Select(t => t.Name))}).",
            nameof(path));
    }

    /// <summary>Whether <paramref name="name"/> is <c>{i}.num_batches_tracked</c> of a BatchNorm the network has.</summary>
    private static bool IsBatchesTracked(string name, HashSet<string> wanted) =>
        name.EndsWith(BatchesTracked, StringComparison.Ordinal)
        && wanted.Contains(string.Concat(name.AsSpan(0, name.Length - BatchesTracked.Length), ".running_mean"));

    /// <summary>Little-endian F32 or F64 bytes as values of <typeparamref name="T"/>: bit for bit when the types match, converted otherwise.</summary>
    private static T[] Decode<T>(byte[] bytes, string dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var size = dtype == SafetensorsDType.F32 ? 4 : 8;
        var values = new T[bytes.Length / size];
        if (size == Unsafe.SizeOf<T>() && BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = size == 4
                ? T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)))
                : T.CreateTruncating(BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8)));
        }

        return values;
    }

    /// <summary>Writes the values' bytes little-endian: as they lie on a little-endian machine, each value reversed otherwise.</summary>
    private static void WriteLittleEndian<T>(Stream stream, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(bytes);
            return;
        }

        var size = Unsafe.SizeOf<T>();
        var copy = bytes.ToArray();
        for (var i = 0; i < copy.Length; i += size) copy.AsSpan(i, size).Reverse();
        stream.Write(copy);
    }
}
