using System.IO.Compression;
using System.Text;
using NnGen.Tests.Data;
using NnGen.Tests.Networks;
using NnGen.Tests.Support;
using Xunit.Abstractions;

namespace NnGen.Tests.Hardening;

/// <summary>
/// Every file reader under a seeded mutation fuzzer (<see cref="ByteMutator"/>): truncated, bit-flipped and otherwise
/// damaged IDX, gzip IDX, CSV, .npy, safetensors and checkpoint files give the reader's documented exception with a
/// message naming the file kind, never another exception, a hang or an allocation far beyond the input; and a network
/// that a damaged file is loaded into keeps every weight it had.
/// </summary>
/// <remarks>
/// CI runs <see cref="ByteMutator.DefaultMutations"/> mutations per reader from seed <see cref="ByteMutator.DefaultSeed"/>;
/// set NNGEN_FUZZ_MUTATIONS and NNGEN_FUZZ_SEED for a longer run by hand.
/// </remarks>
public sealed class ReaderFuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Idx_DamagedFiles_GiveInvalidDataException()
    {
        byte[][] seeds =
        [
            IdxBytes.UnsignedBytes([3, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]),
            IdxBytes.Float32([2, 3], 1.5f, -2, 0, 3, 1e-3f, 7),
            IdxBytes.File(0x0C, [2], [0, 0, 0, 1, 0x80, 0, 0, 0]),
            IdxBytes.File(0x0E, [1, 1, 1, 1], [0x3F, 0xF0, 0, 0, 0, 0, 0, 0]),
        ];
        Report(ByteMutator.Run("IDX", seeds, bytes =>
        {
            var array = Idx.Read(new MemoryStream(bytes));
            _ = array.ToDouble();
        }, "IDX", typeof(InvalidDataException)));

        // The same through a stream that cannot seek, where the length is not known in advance.
        Report(ByteMutator.Run("IDX (forward-only)", seeds, bytes => Idx.Read(new ForwardOnlyStream(bytes)), "IDX", typeof(InvalidDataException)));
    }

    [Fact]
    public void GzipIdx_DamagedFiles_GiveInvalidDataException()
    {
        byte[][] seeds =
        [
            IdxBytes.Gzip(IdxBytes.UnsignedBytes([4, 3, 3], [.. Enumerable.Range(0, 36).Select(i => (byte)i)])),
            IdxBytes.Gzip(IdxBytes.Float32([3], 1, 2, 3)),
        ];
        Report(ByteMutator.Run("IDX (gzip)", seeds, bytes => Idx.Read(new MemoryStream(bytes)), "IDX", typeof(InvalidDataException)));
    }

    [Fact]
    public void Npy_DamagedFiles_GiveInvalidDataException()
    {
        var f4 = PathOf("a.npy");
        Npy.Write(f4, [1.5f, -2, 0, 3, 1e-3f, 7], 2, 3);
        var f8 = PathOf("b.npy");
        Npy.Write(f8, [1.0, 2.0, double.Epsilon], 3);
        var i4 = PathOf("c.npy");
        Npy.Write(i4, [1, -2, 3, int.MaxValue], 1, 2, 2);
        byte[][] seeds = [File.ReadAllBytes(f4), File.ReadAllBytes(f8), File.ReadAllBytes(i4), NpyBytes.File(NpyBytes.Header("|i1", "(3,)"), [1, 2, 0xFF], major: 2)];

        Report(ByteMutator.Run(".npy", seeds, bytes =>
        {
            var array = Npy.Read(new MemoryStream(bytes));
            _ = array.ToDouble();
        }, ".npy", typeof(InvalidDataException)));
        Report(ByteMutator.Run(".npy (forward-only)", seeds, bytes => Npy.Read(new ForwardOnlyStream(bytes)), ".npy", typeof(InvalidDataException)));
    }

    [Fact]
    public void Csv_DamagedFiles_GiveInvalidDataOrFormatException()
    {
        byte[][] seeds =
        [
            Encoding.UTF8.GetBytes("x,y,label\n1.5,2,0\n-3e2,0.25,1\n\"4\",5,2\n"),
            Encoding.UTF8.GetBytes("\uFEFFa;b\r\n1;2\r\n3;\"4\"\"\"\r\n"),
            Encoding.UTF8.GetBytes("name,value\n\"two\nlines\",1\nplain,2"),
        ];
        Report(ByteMutator.Run("CSV", seeds, bytes =>
        {
            var separator = bytes.Contains((byte)';') ? ';' : ',';
            using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var table = Csv.Read(reader, separator);
            for (var c = 0; c < table.ColumnCount; c++)
            {
                try
                {
                    _ = table.ParseColumn<double>(c);
                }
                catch (FormatException e) when (e.Message.Contains("CSV", StringComparison.Ordinal))
                {
                    // A text field: the documented answer for a column that is not numeric.
                }
            }
        }, "CSV", typeof(InvalidDataException)));
    }

    /// <summary>Damaged safetensors files are refused with every weight and buffer of the network left as it was.</summary>
    [Fact]
    public void Safetensors_DamagedFiles_AreRefused_AndLeaveTheNetworkUntouched()
    {
        var path = PathOf("model.safetensors");
        var saved = new ConvBatchNormFloat(seed: 1);
        for (var i = 0; i < saved.Buffers.Length; i++) saved.Buffers[i] = 0.5f + i;
        saved.SaveSafetensors(path, new Dictionary<string, string> { ["format"] = "pt" });
        byte[][] seeds = [File.ReadAllBytes(path)];

        var network = new ConvBatchNormFloat(seed: 2);
        var parameters = network.Parameters.ToArray();
        var buffers = network.Buffers.ToArray();
        Report(ByteMutator.Run("safetensors", seeds, bytes =>
        {
            parameters.CopyTo(network.Parameters);
            buffers.CopyTo(network.Buffers);
            try
            {
                network.LoadSafetensors(new MemoryStream(bytes));
            }
            catch (Exception) when (!network.Parameters.SequenceEqual(parameters) || !network.Buffers.SequenceEqual(buffers))
            {
                throw new InvalidOperationException("a refused safetensors file changed the network (half-loaded)");
            }
        }, "safetensors", typeof(InvalidDataException), typeof(ArgumentException)));
    }

    /// <summary>
    /// Damaged checkpoints make Fit refuse to resume before it changes anything: the network keeps its weights and
    /// buffers, whatever the damage.
    /// </summary>
    [Fact]
    public void Checkpoint_DamagedFiles_AreRefusedByFit_AndLeaveTheNetworkUntouched()
    {
        var train = Images(24, seed: 4);
        var path = PathOf("run.ckpt");
        FitOptions Options() => new()
        {
            Epochs = 2,
            BatchSize = 8,
            Optimizer = new Adam(0.01),
            Seed = 3,
            EarlyStopping = new EarlyStopping(patience: 5) { Monitor = MonitoredLoss.Training },
            Checkpoint = new CheckpointOptions(path),
        };
        new ConvBatchNormFloat(seed: 1).Fit(train, Options());
        byte[][] seeds = [File.ReadAllBytes(path)];

        var network = new ConvBatchNormFloat(seed: 2);
        var parameters = network.Parameters.ToArray();
        var buffers = network.Buffers.ToArray();
        var mutations = Math.Max(1, ByteMutator.Mutations / 4); // each one writes a file and starts a Fit
        Report(ByteMutator.RunWith(mutations, "checkpoint", seeds, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            parameters.CopyTo(network.Parameters);
            buffers.CopyTo(network.Buffers);
            try
            {
                network.Fit(train, Options());
            }
            catch (Exception) when (!network.Parameters.SequenceEqual(parameters) || !network.Buffers.SequenceEqual(buffers))
            {
                throw new InvalidOperationException("a refused checkpoint changed the network (half-restored)");
            }
        }, "checkpoint", typeof(InvalidDataException), typeof(ArgumentException)));
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private void Report(ByteMutator.Tally tally) => output.WriteLine(tally.ToString());

    /// <summary>n random 2×6×6 images in three classes, for <see cref="ConvBatchNormFloat"/>.</summary>
    private static Dataset<float> Images(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var inputs = new float[n * 72];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = (float)(2 * rng.NextDouble() - 1);
        var labels = Enumerable.Range(0, n).Select(i => i % 3).ToArray();
        return Dataset<float>.FromLabels(inputs, 72, labels, 3);
    }
}
