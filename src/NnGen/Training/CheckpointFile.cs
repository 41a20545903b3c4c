using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NnGen;

/// <summary>
/// Writes and reads a <see cref="TrainingCheckpoint{T}"/> as a safetensors file: the values as tensors, the scalars as
/// <c>__metadata__</c> strings, and a SHA-256 of the data so that a flipped byte is caught, not trained on.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>tensor</term><description>dtype, shape</description></listheader>
/// <item><term><c>parameters</c>, <c>buffers</c></term><description>F32/F64, (P), (S)</description></item>
/// <item><term><c>optimizer.state.{i}</c></term><description>F32/F64, (P); i from 0, none before the first step</description></item>
/// <item><term><c>early_stopping.best_parameters</c>, <c>.best_buffers</c></term><description>F32/F64, (P), (S); only with RestoreBestWeights</description></item>
/// <item><term><c>rng.shuffle</c>, <c>rng.dropout</c></term><description>U64, (4); the second only for a network with Dropout</description></item>
/// <item><term><c>history.values</c></term><description>F64, (E, 4): train loss, train accuracy, validation loss, validation accuracy</description></item>
/// <item><term><c>history.present</c></term><description>U8, (E, 4): 1 where the value above is not null</description></item>
/// <item><term><c>history.elapsed_ticks</c></term><description>I64, (E): each epoch's duration in 100 ns ticks</description></item>
/// </list>
/// The metadata holds <c>format</c> (<c>nngen.checkpoint</c>), <c>version</c>, <c>network</c>, <c>parameter_count</c>,
/// <c>buffer_count</c>, <c>optimizer</c>, <c>optimizer.steps</c>, <c>optimizer.learning_rate</c>, <c>epoch</c>,
/// <c>epochs</c>, <c>early_stopping.best</c>, <c>.best_epoch</c>, <c>.epochs_without_improvement</c>,
/// <c>stopped_early</c>, <c>data_sha256</c> and <c>header_sha256</c> (of the other metadata and the tensor table;
/// checked when present, so files written before it was added still read). Doubles are written round-trip ("R"), so they read back bit for bit.
/// </remarks>
internal static class CheckpointFile
{
    private const string Format = "nngen.checkpoint";
    private const string Version = "1";
    private const string U64 = "U64", I64 = "I64", U8 = "U8";
    private const int HistoryColumns = 4;
    private const string HeaderHashKey = "header_sha256";

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="path"/>, replacing any file there in one rename.</summary>
    public static void Write<T>(string path, TrainingCheckpoint<T> checkpoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines only.");
        var dtype = SafetensorsDType.Of<T>();
        var epochs = checkpoint.History.Length;
        var tensors = new List<(string Name, string DType, long[] Shape, byte[] Bytes)>
        {
            ("parameters", dtype, [checkpoint.Parameters.Length], Bytes<T>(checkpoint.Parameters)),
            ("buffers", dtype, [checkpoint.Buffers.Length], Bytes<T>(checkpoint.Buffers)),
            ("rng.shuffle", U64, [Rng.StateLength], Bytes<ulong>(checkpoint.ShuffleRng)),
        };
        for (var i = 0; i < checkpoint.OptimizerState.Length; i++)
            tensors.Add(($"optimizer.state.{i}", dtype, [checkpoint.OptimizerState[i].Length], Bytes<T>(checkpoint.OptimizerState[i])));
        if (checkpoint.DropoutRng is { } dropout) tensors.Add(("rng.dropout", U64, [Rng.StateLength], Bytes<ulong>(dropout)));
        if (checkpoint.BestParameters is { } bestParameters)
            tensors.Add(("early_stopping.best_parameters", dtype, [bestParameters.Length], Bytes<T>(bestParameters)));
        if (checkpoint.BestBuffers is { } bestBuffers)
            tensors.Add(("early_stopping.best_buffers", dtype, [bestBuffers.Length], Bytes<T>(bestBuffers)));

        var values = new double[epochs * HistoryColumns];
        var present = new byte[epochs * HistoryColumns];
        var elapsed = new long[epochs];
        for (var e = 0; e < epochs; e++)
        {
            var report = checkpoint.History[e];
            double?[] row = [report.TrainLoss, report.TrainAccuracy, report.ValidationLoss, report.ValidationAccuracy];
            for (var c = 0; c < HistoryColumns; c++)
            {
                values[e * HistoryColumns + c] = row[c] ?? 0;
                present[e * HistoryColumns + c] = row[c].HasValue ? (byte)1 : (byte)0;
            }

            elapsed[e] = report.Elapsed.Ticks;
        }

        tensors.Add(("history.values", SafetensorsDType.F64, [epochs, HistoryColumns], Bytes<double>(values)));
        tensors.Add(("history.present", U8, [epochs, HistoryColumns], present));
        tensors.Add(("history.elapsed_ticks", I64, [epochs], Bytes<long>(elapsed)));

        var layout = new List<SafetensorsTensor>(tensors.Count);
        long offset = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var tensor in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            layout.Add(new SafetensorsTensor(tensor.Name, tensor.DType, tensor.Shape, offset, offset + tensor.Bytes.Length));
            offset += tensor.Bytes.Length;
            hash.AppendData(tensor.Bytes);
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["version"] = Version,
            ["network"] = checkpoint.Network,
            ["parameter_count"] = Text(checkpoint.Parameters.Length),
            ["buffer_count"] = Text(checkpoint.Buffers.Length),
            ["optimizer"] = checkpoint.Optimizer,
            ["optimizer.steps"] = Text(checkpoint.OptimizerSteps),
            ["optimizer.learning_rate"] = Text(checkpoint.LearningRate),
            ["epoch"] = Text(checkpoint.Epoch),
            ["epochs"] = Text(epochs > 0 ? checkpoint.History[^1].Epochs : 0),
            ["early_stopping.best"] = Text(checkpoint.Best),
            ["early_stopping.best_epoch"] = Text(checkpoint.BestEpoch),
            ["early_stopping.epochs_without_improvement"] = Text(checkpoint.EpochsWithoutImprovement),
            ["stopped_early"] = checkpoint.StoppedEarly ? "true" : "false",
            ["data_sha256"] = Convert.ToHexStringLower(hash.GetHashAndReset()),
        };
        metadata[HeaderHashKey] = HeaderHash(layout, metadata);

        var header = SafetensorsHeader.Format(layout, metadata);
        using var file = new AtomicFile(path);
        file.Stream.Write(header);
        foreach (var entry in layout) file.Stream.Write(tensors.First(t => t.Name == entry.Name).Bytes);
        file.Commit();
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> after checking the whole file: the safetensors layout, the
    /// format and version, the SHA-256 of the data, every tensor's name, dtype and shape against the metadata. Changes
    /// nothing; the caller checks that it fits the network and optimizer.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a complete, intact checkpoint; the message says what is wrong.</exception>
    /// <exception cref="ArgumentException">It is intact but holds values of another type than <typeparamref name="T"/>.</exception>
    public static TrainingCheckpoint<T> Read<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are read on little-endian machines only.");
        var source = $"checkpoint '{path}'";
        var bytes = File.ReadAllBytes(path);
        SafetensorsHeader header;
        using (var stream = new MemoryStream(bytes, writable: false)) header = SafetensorsHeader.Read(stream, source);

        var meta = header.Metadata;
        string Meta(string key) => meta.TryGetValue(key, out var value)
            ? value
            : throw new InvalidDataException($"{source}: the metadata lacks '{key}'; the file is not an NnGen checkpoint or is damaged.");
        if (!meta.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{source}: expected metadata format '{Format}', found {(format is null ? "none" : $"'{format}'")}; the file is not an NnGen checkpoint.");
        if (Meta("version") != Version)
            throw new InvalidDataException($"{source}: checkpoint version '{meta["version"]}' is not supported; this NnGen reads version {Version}.");

        // The header's own hash covers the metadata and the tensor table, which the data hash does not: a damaged
        // learning rate or step count must not pass for a good one. Files written before it was added lack it.
        if (meta.TryGetValue(HeaderHashKey, out var headerHash) && !string.Equals(headerHash, HeaderHash(header.Tensors, meta), StringComparison.Ordinal))
            throw new InvalidDataException($"{source} is corrupt: the SHA-256 of its metadata and tensor table is {HeaderHash(header.Tensors, meta)}, but the header says {headerHash}.");

        var data = new ReadOnlyMemory<byte>(bytes, (int)header.DataStart, bytes.Length - (int)header.DataStart);
        var actualHash = Convert.ToHexStringLower(SHA256.HashData(data.Span));
        if (!string.Equals(Meta("data_sha256"), actualHash, StringComparison.Ordinal))
            throw new InvalidDataException($"{source} is corrupt: the SHA-256 of its data is {actualHash}, but the header says {meta["data_sha256"]}.");

        var network = Meta("network");
        var parameterCount = (int)Integer(Meta("parameter_count"), "parameter_count", source, int.MaxValue);
        var bufferCount = (int)Integer(Meta("buffer_count"), "buffer_count", source, int.MaxValue);
        var epoch = (int)Integer(Meta("epoch"), "epoch", source, int.MaxValue);
        var epochs = (int)Integer(Meta("epochs"), "epochs", source, int.MaxValue);
        var steps = Integer(Meta("optimizer.steps"), "optimizer.steps", source, long.MaxValue);
        var bestEpoch = Integer(Meta("early_stopping.best_epoch"), "early_stopping.best_epoch", source, epoch);
        var withoutImprovement = Integer(Meta("early_stopping.epochs_without_improvement"), "early_stopping.epochs_without_improvement", source, epoch);
        var learningRate = Real(Meta("optimizer.learning_rate"), "optimizer.learning_rate", source);
        var best = Real(Meta("early_stopping.best"), "early_stopping.best", source);
        var stoppedEarly = Meta("stopped_early") switch
        {
            "true" => true,
            "false" => false,
            var other => throw new InvalidDataException($"{source}: metadata 'stopped_early' is '{other}', expected true or false."),
        };
        if (epoch < 1 || epoch > epochs)
            throw new InvalidDataException($"{source}: metadata says epoch {epoch} of {epochs}; a checkpoint follows an epoch from 1 to the run's total.");

        var tensors = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var own = SafetensorsDType.Of<T>();
        var used = new HashSet<string>(StringComparer.Ordinal);

        SafetensorsTensor Entry(string name, string dtype, long[] shape)
        {
            if (!tensors.TryGetValue(name, out var entry))
                throw new InvalidDataException($"{source}: the tensor '{name}' is missing.");
            used.Add(name);
            if (entry.DType != dtype)
            {
                if (dtype == own && entry.DType is SafetensorsDType.F32 or SafetensorsDType.F64)
                {
                    throw new ArgumentException(
                        $"{source} was written by network {network} with {entry.DType} values, but this network holds {typeof(T).Name} ({own}); resume with the same network.",
                        nameof(path));
                }

                throw new InvalidDataException($"{source}: tensor '{name}' is {entry.DType}, expected {dtype}.");
            }

            if (!entry.Shape.SequenceEqual(shape))
            {
                throw new InvalidDataException(
                    $"{source}: tensor '{name}' has shape ({SafetensorsHeader.Shape(entry.Shape)}), but the metadata implies ({SafetensorsHeader.Shape(shape)}).");
            }

            return entry;
        }

        T[] Values(string name, int length) => Decode<T>(data.Span, Entry(name, own, [length]));
        ulong[] RngState(string name)
        {
            var state = Decode<ulong>(data.Span, Entry(name, U64, [Rng.StateLength]));
            if (state.All(word => word == 0)) throw new InvalidDataException($"{source}: tensor '{name}' is an all-zero generator state, which no Rng has.");
            return state;
        }

        var parameters = Values("parameters", parameterCount);
        var buffers = Values("buffers", bufferCount);
        var shuffle = RngState("rng.shuffle");
        var dropout = tensors.ContainsKey("rng.dropout") ? RngState("rng.dropout") : null;
        var optimizerState = new List<T[]>();
        while (tensors.ContainsKey($"optimizer.state.{optimizerState.Count}"))
            optimizerState.Add(Values($"optimizer.state.{optimizerState.Count}", parameterCount));
        var bestParameters = tensors.ContainsKey("early_stopping.best_parameters") ? Values("early_stopping.best_parameters", parameterCount) : null;
        var bestBuffers = tensors.ContainsKey("early_stopping.best_buffers") ? Values("early_stopping.best_buffers", bufferCount) : null;
        if ((bestParameters is null) != (bestBuffers is null))
            throw new InvalidDataException($"{source}: it holds only one of early_stopping.best_parameters and early_stopping.best_buffers.");

        var values = Decode<double>(data.Span, Entry("history.values", SafetensorsDType.F64, [epoch, HistoryColumns]));
        var present = Decode<byte>(data.Span, Entry("history.present", U8, [epoch, HistoryColumns]));
        var elapsed = Decode<long>(data.Span, Entry("history.elapsed_ticks", I64, [epoch]));
        var unexpected = header.Tensors.FirstOrDefault(t => !used.Contains(t.Name));
        if (unexpected is not null)
            throw new InvalidDataException($"{source}: unexpected tensor '{unexpected.Name}'; the file is not a checkpoint this NnGen wrote.");

        var history = new EpochReport[epoch];
        for (var e = 0; e < epoch; e++)
        {
            double? Cell(int column)
            {
                var flag = present[e * HistoryColumns + column];
                if (flag > 1) throw new InvalidDataException($"{source}: history.present holds {flag} at ({e}, {column}); it holds only 0 and 1.");
                return flag == 1 ? values[e * HistoryColumns + column] : null;
            }

            var trainLoss = Cell(0) ?? throw new InvalidDataException($"{source}: epoch {e + 1} has no training loss.");
            if (elapsed[e] < 0) throw new InvalidDataException($"{source}: epoch {e + 1} took {elapsed[e]} ticks; a duration cannot be negative.");
            history[e] = new EpochReport(e + 1, epochs, trainLoss, Cell(1), Cell(2), Cell(3), TimeSpan.FromTicks(elapsed[e]));
        }

        return new TrainingCheckpoint<T>(
            network, parameters, buffers, dropout, Meta("optimizer"), steps, learningRate, [.. optimizerState], epoch, shuffle,
            history, best, (int)bestEpoch, (int)withoutImprovement, stoppedEarly, bestParameters, bestBuffers);
    }

    /// <summary>
    /// SHA-256 of every metadata entry but this hash itself, in ordinal key order, and of every tensor's name, dtype,
    /// shape and offsets in name order: one line each, fields separated by NUL.
    /// </summary>
    private static string HeaderHash(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (key, value) in metadata.Where(m => m.Key != HeaderHashKey).OrderBy(m => m.Key, StringComparer.Ordinal))
            text.Append(key).Append('\0').Append(value).Append('\n');
        foreach (var tensor in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.Append(tensor.Name).Append('\0').Append(tensor.DType).Append('\0').Append(string.Join(",", tensor.Shape))
                .Append('\0').Append(Text(tensor.Begin)).Append('\0').Append(Text(tensor.End)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static byte[] Bytes<TValue>(ReadOnlySpan<TValue> values) where TValue : unmanaged =>
        MemoryMarshal.AsBytes(values).ToArray();

    private static TValue[] Decode<TValue>(ReadOnlySpan<byte> data, SafetensorsTensor entry) where TValue : unmanaged
    {
        var values = new TValue[(entry.End - entry.Begin) / Unsafe.SizeOf<TValue>()];
        data[(int)entry.Begin..(int)entry.End].CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static long Integer(string text, string key, string source, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > max)
            throw new InvalidDataException($"{source}: metadata '{key}' is '{text}', expected an integer from 0 to {max}.");
        return value;
    }

    private static double Real(string text, string key, string source) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{source}: metadata '{key}' is '{text}', expected a number.");
}
