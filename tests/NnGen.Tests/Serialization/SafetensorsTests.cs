using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using NnGen.Tests.Networks;
using static NnGen.Tests.Serialization.SafetensorsBytes;

namespace NnGen.Tests.Serialization;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string WriteFile(byte[] bytes, string name = "model.safetensors")
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Gives every buffer value a distinct, positive value, so that a lost or shuffled buffer shows.</summary>
    private static void FillBuffers<T>(INetwork<T> network) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (var i = 0; i < network.Buffers.Length; i++) network.Buffers[i] = T.CreateChecked(0.25 + 0.125 * i);
    }

    // ---- Names ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// nn.Sequential(Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear, Softmax): modules 0 to 6, so the dense
    /// layer is 5, and BatchNorm's γ, β and running statistics are 1.*.
    /// </summary>
    [Fact]
    public void ConvBatchNormTensors_CarryPyTorchSequentialNamesAndShapes()
    {
        INetwork<float> network = new ConvBatchNormFloat(seed: 1);

        var tensors = network.ParameterTensors.Concat(network.BufferTensors)
            .Select(t => $"{t.Name} ({string.Join(", ", t.Shape)})");

        Assert.Equal(
            [
                "0.weight (3, 2, 3, 3)", "0.bias (3)", "1.weight (3)", "1.bias (3)", "5.weight (3, 27)", "5.bias (3)",
                "1.running_mean (3)", "1.running_var (3)",
            ],
            tensors);
    }

    // ---- Round trips --------------------------------------------------------------------------------------------

    [Fact]
    public void RoundTrip_FloatNetworkWithBatchNorm_RestoresBitIdenticalParametersAndBuffers()
    {
        var saved = new ConvBatchNormFloat(seed: 1);
        FillBuffers(saved);
        var path = PathOf("conv.safetensors");
        saved.SaveSafetensors(path);

        var loaded = new ConvBatchNormFloat(seed: 2);
        Assert.False(saved.Parameters.SequenceEqual(loaded.Parameters), "the seeds must start the networks apart");
        loaded.LoadSafetensors(path);

        Assert.Equal(saved.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits), loaded.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(saved.Buffers.ToArray().Select(BitConverter.SingleToInt32Bits), loaded.Buffers.ToArray().Select(BitConverter.SingleToInt32Bits));
        var input = Enumerable.Range(0, ConvBatchNormFloat.InputLength).Select(i => MathF.Sin(i)).ToArray();
        var expected = new float[ConvBatchNormFloat.OutputLength];
        var actual = new float[ConvBatchNormFloat.OutputLength];
        saved.Predict(input, expected);
        loaded.Predict(input, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void RoundTrip_DoubleNetworkWithBatchNorm_RestoresBitIdenticalParametersAndBuffers()
    {
        var saved = new ConvBatchNormDouble(seed: 3);
        FillBuffers(saved);
        var path = PathOf("conv64.safetensors");
        saved.SaveSafetensors(path);

        var loaded = new ConvBatchNormDouble(seed: 4);
        loaded.LoadSafetensors(path);

        Assert.Equal(saved.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), loaded.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(saved.Buffers.ToArray().Select(BitConverter.DoubleToInt64Bits), loaded.Buffers.ToArray().Select(BitConverter.DoubleToInt64Bits));
        var input = Enumerable.Range(0, ConvBatchNormDouble.InputLength).Select(i => Math.Cos(i)).ToArray();
        var expected = new double[ConvBatchNormDouble.OutputLength];
        var actual = new double[ConvBatchNormDouble.OutputLength];
        saved.Predict(input, expected);
        loaded.Predict(input, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Save_ReplacesAnExistingFileAtomically_LeavingNoTemporaryFile()
    {
        var path = PathOf("tanh.safetensors");
        File.WriteAllText(path, "an older file");

        new TanhMse(seed: 1).SaveSafetensors(path);

        Assert.Equal([path], Directory.GetFiles(_directory));
        var loaded = new TanhMse(seed: 9);
        loaded.LoadSafetensors(path);
        Assert.Equal(new TanhMse(seed: 1).Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    // ---- The format, read by hand ---------------------------------------------------------------------------------

    /// <summary>TanhMse's four tensors as PyTorch's nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2)) saves them in float32.</summary>
    private static readonly float[] W1 = [0.5f, -0.25f, 1f, 0.125f, 0.75f, -1.5f, -0.5f, 0.375f, 0.25f, 1.25f, -0.625f, 0.0625f];
    private static readonly float[] B1 = [0.1875f, -0.3125f, 0.4375f, -0.5625f];
    private static readonly float[] W2 = [1f, -0.5f, 0.25f, 0.75f, -1.25f, 0.625f, -0.875f, 0.5f];
    private static readonly float[] B2 = [0.03125f, -0.09375f];

    private static List<Tensor> TanhTensors() =>
    [
        F32("0.bias", [4], B1), F32("0.weight", [4, 3], W1), F32("2.bias", [2], B2), F32("2.weight", [2, 4], W2),
    ];

    private static double[] Values(INetwork<double> network, string name)
    {
        var tensor = network.ParameterTensors.Single(t => t.Name == name);
        return network.Parameters.Slice(tensor.Offset, tensor.Length).ToArray();
    }

    [Fact]
    public void HandBuiltFloat32File_LoadsIntoTanhMse_AndPredictsAsTheTorchModelWould()
    {
        var path = WriteFile(Build(TanhTensors(), metadataJson: "{\"format\":\"pt\"}"));
        var network = new TanhMse(seed: 7);

        network.LoadSafetensors(path);

        Assert.Equal(W1.Select(v => (double)v), Values(network, "0.weight"));
        Assert.Equal(B1.Select(v => (double)v), Values(network, "0.bias"));
        Assert.Equal(W2.Select(v => (double)v), Values(network, "2.weight"));
        Assert.Equal(B2.Select(v => (double)v), Values(network, "2.bias"));

        // y = W2 · tanh(W1 · x + b1) + b2, with the weights row-major (out, in) as torch.nn.Linear stores them.
        double[] x = [0.5, -1, 2];
        var hidden = new double[4];
        for (var j = 0; j < 4; j++)
        {
            double sum = B1[j];
            for (var i = 0; i < 3; i++) sum += W1[j * 3 + i] * x[i];
            hidden[j] = Math.Tanh(sum);
        }

        var expected = new double[2];
        for (var o = 0; o < 2; o++)
        {
            expected[o] = B2[o];
            for (var j = 0; j < 4; j++) expected[o] += W2[o * 4 + j] * hidden[j];
        }

        var output = new double[2];
        network.Predict(x, output);
        Assert.Equal(expected[0], output[0], 12);
        Assert.Equal(expected[1], output[1], 12);
    }

    [Fact]
    public void HandBuiltFloat64File_LoadsIntoAFloatNetwork_RoundingEachValueToTheNearestFloat()
    {
        double[] w1 = [.. Enumerable.Range(0, 12).Select(i => 0.1 * (i - 6))];
        double[] b1 = [0.1, 0.2, 0.3, 0.4];
        double[] w2 = [.. Enumerable.Range(0, 8).Select(i => 1.0 / (i + 3))];
        double[] b2 = [-0.7, 0.7];
        var path = WriteFile(Build([F64("0.weight", [4, 3], w1), F64("0.bias", [4], b1), F64("2.weight", [2, 4], w2), F64("2.bias", [2], b2)]));
        INetwork<float> network = new SigmoidMseFloat(seed: 1);

        network.LoadSafetensors(path);

        var all = new Dictionary<string, double[]> { ["0.weight"] = w1, ["0.bias"] = b1, ["2.weight"] = w2, ["2.bias"] = b2 };
        foreach (var tensor in network.ParameterTensors)
            Assert.Equal(all[tensor.Name].Select(v => (float)v), network.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
    }

    /// <summary>PyTorch's BatchNorm saves num_batches_tracked, an int64 scalar this library has no use for.</summary>
    [Fact]
    public void BatchNormNumBatchesTracked_IsAcceptedAndIgnored()
    {
        var source = new ConvBatchNormFloat(seed: 5);
        FillBuffers(source);
        INetwork<float> view = source;
        var parameters = view.Parameters.ToArray();
        var buffers = view.Buffers.ToArray();
        var tensors = view.ParameterTensors.Select(t => F32(t.Name, [.. t.Shape], parameters[t.Offset..(t.Offset + t.Length)]))
            .Concat(view.BufferTensors.Select(t => F32(t.Name, [.. t.Shape], buffers[t.Offset..(t.Offset + t.Length)])))
            .Append(new Tensor("1.num_batches_tracked", "I64", [], UInt64(1234)))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        var path = WriteFile(Build(tensors, metadataJson: "{\"format\":\"pt\"}"));
        var network = new ConvBatchNormFloat(seed: 6);

        network.LoadSafetensors(path);

        Assert.Equal(source.Parameters.ToArray(), network.Parameters.ToArray());
        Assert.Equal(source.Buffers.ToArray(), network.Buffers.ToArray());
    }

    [Fact]
    public void WrittenFile_HasTheFormatsHeader_AndLittleEndianDataInHeaderOrder()
    {
        var network = new TanhMse(seed: 2);
        var path = PathOf("tanh.safetensors");
        network.SaveSafetensors(path, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "été" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0ul, headerLength % 8);
        var text = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Matches(@"^\{.*\} *$", text); // compact JSON, then only the spaces that pad it to a multiple of 8
        using var header = JsonDocument.Parse(text);

        var entries = header.RootElement.EnumerateObject().ToList();
        Assert.Equal(["__metadata__", "0.bias", "0.weight", "2.bias", "2.weight"], entries.Select(e => e.Name));
        Assert.Equal("pt", entries[0].Value.GetProperty("format").GetString());
        Assert.Equal("été", entries[0].Value.GetProperty("note").GetString());
        var dataStart = 8 + (int)headerLength;
        long end = 0;
        foreach (var entry in entries.Skip(1))
        {
            Assert.Equal(["data_offsets", "dtype", "shape"], entry.Value.EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal("F64", entry.Value.GetProperty("dtype").GetString());
            var tensor = ((INetwork<double>)network).ParameterTensors.Single(t => t.Name == entry.Name);
            Assert.Equal(tensor.Shape, entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.Equal([end, end + 8L * tensor.Length], offsets);
            var values = Enumerable.Range(0, tensor.Length)
                .Select(i => BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(dataStart + (int)end + 8 * i)));
            Assert.Equal(network.Parameters.Slice(tensor.Offset, tensor.Length).ToArray(), values);
            end = offsets[1];
        }

        Assert.Equal(dataStart + end, bytes.Length);
    }

    [Fact]
    public void FloatNetwork_WritesF32()
    {
        var path = PathOf("sigmoid.safetensors");
        new SigmoidMseFloat(seed: 1).SaveSafetensors(path);

        var bytes = File.ReadAllBytes(path);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, length));
        Assert.All(header.RootElement.EnumerateObject(), e => Assert.Equal("F32", e.Value.GetProperty("dtype").GetString()));
        Assert.Equal(8 + length + 4 * SigmoidMseFloat.ParameterCount, bytes.Length);
    }

    // ---- Refusals: the network is left as it was -------------------------------------------------------------------

    /// <summary>Loads <paramref name="bytes"/> into a TanhMse, expects <typeparamref name="TException"/> naming the file and each fragment, and checks nothing changed.</summary>
    private TException Refuses<TException>(byte[] bytes, params string[] fragments) where TException : Exception
    {
        var path = WriteFile(bytes);
        INetwork<double> network = new TanhMse(seed: 11);
        var before = network.Parameters.ToArray();

        var error = Assert.Throws<TException>(() => network.LoadSafetensors(path));

        Assert.Contains(path, error.Message);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        return error;
    }

    private static byte[] Valid() => Build(TanhTensors());

    [Fact]
    public void WrongShape_IsRefusedNamingTheTensorAndBothShapes()
    {
        var tensors = TanhTensors();
        tensors[1] = F32("0.weight", [3, 4], W1);
        Refuses<ArgumentException>(Build(tensors), "'0.weight'", "(3, 4)", "(4, 3)");
    }

    [Fact]
    public void MissingTensor_IsRefusedNamingIt()
    {
        var tensors = TanhTensors();
        tensors.RemoveAt(2);
        Refuses<ArgumentException>(Build(tensors), "lacks tensor '2.bias'");
    }

    [Fact]
    public void ExtraTensor_IsRefusedNamingIt()
    {
        var tensors = TanhTensors();
        tensors.Add(F32("3.weight", [1], 1f));
        Refuses<ArgumentException>(Build(tensors), "holds tensor '3.weight'");
    }

    [Fact]
    public void FileOfAnotherArchitecture_IsRefusedAndTheBatchNormNetworkIsUntouched()
    {
        var path = PathOf("tanh.safetensors");
        new TanhMse(seed: 1).SaveSafetensors(path);
        var network = new ConvBatchNormDouble(seed: 2);
        FillBuffers(network);
        var parameters = network.Parameters.ToArray();
        var buffers = network.Buffers.ToArray();

        var error = Assert.Throws<ArgumentException>(() => network.LoadSafetensors(path));

        Assert.Contains("lacks tensor '1.weight'", error.Message);
        Assert.Contains("'2.bias', which the network does not have", error.Message);
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(buffers, network.Buffers.ToArray());
    }

    [Fact]
    public void IntegerDType_ForANetworkTensor_IsRefused()
    {
        var tensors = TanhTensors();
        tensors[3] = new Tensor("2.weight", "I32", [2, 4], new byte[32]);
        Refuses<ArgumentException>(Build(tensors), "'2.weight' is I32", "F32 or F64");
    }

    [Fact]
    public void UnknownDType_IsRefusedAsCorrupt()
    {
        var tensors = TanhTensors();
        tensors[0] = new Tensor("0.bias", "F128", [4], new byte[16]);
        Refuses<InvalidDataException>(Build(tensors), "'0.bias'", "unknown dtype 'F128'");
    }

    [Fact]
    public void TruncatedData_IsRefusedAsCorrupt()
    {
        var bytes = Valid();
        Refuses<InvalidDataException>(bytes[..^4], "'2.weight'", "reach past the data buffer, which holds 100 bytes");
    }

    [Fact]
    public void BytesAfterTheLastTensor_AreRefusedAsCorrupt() =>
        Refuses<InvalidDataException>([.. Valid(), 0, 0, 0, 0], "cover 104 bytes", "holds 108");

    [Fact]
    public void HeaderLengthBeyondTheFile_IsRefused() =>
        Refuses<InvalidDataException>([.. UInt64(1000), .. "{}"u8], "says 1000 bytes", "only 2");

    [Fact]
    public void HeaderLengthOver100MB_IsRefusedBeforeAnythingIsAllocated() =>
        Refuses<InvalidDataException>([.. UInt64(ulong.MaxValue), .. "{}"u8], $"says {ulong.MaxValue} bytes", "100000000");

    [Fact]
    public void FileShorterThanTheLengthField_IsRefused() =>
        Refuses<InvalidDataException>([1, 2, 3], "only 3 bytes");

    [Fact]
    public void OverlappingOffsets_AreRefusedNamingBothTensors()
    {
        const string json = """
            {"0.bias":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"0.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[16,64]},
             "2.bias":{"dtype":"F32","shape":[2],"data_offsets":[56,64]},"2.weight":{"dtype":"F32","shape":[2,4],"data_offsets":[64,96]}}
            """;
        Refuses<InvalidDataException>([.. HeaderOf(json), .. new byte[96]], "'2.bias' at [56, 64] overlaps tensor '0.weight' at [16, 64]");
    }

    [Fact]
    public void GapBetweenTensors_IsRefused()
    {
        const string json = """
            {"0.bias":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"0.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[16,64]},
             "2.bias":{"dtype":"F32","shape":[2],"data_offsets":[68,76]},"2.weight":{"dtype":"F32","shape":[2,4],"data_offsets":[76,108]}}
            """;
        Refuses<InvalidDataException>([.. HeaderOf(json), .. new byte[108]], "'2.bias' begins at 68", "gap after tensor '0.weight'");
    }

    [Fact]
    public void OffsetsThatDoNotMatchTheShape_AreRefused()
    {
        var tensors = TanhTensors();
        tensors[0] = new Tensor("0.bias", "F32", [5], Float32(B1));
        Refuses<InvalidDataException>(Build(tensors), "'0.bias'", "shape (5) of F32 needs 20 bytes", "span 16");
    }

    [Theory]
    [InlineData("[1, 2]", "expected the JSON header to start with '{', found byte 0x5B")]
    [InlineData("{\"0.bias\": ", "not valid JSON")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", "names '0.bias' twice")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,0]}}", "non-negative integers, found -4")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[0]}}", "no data_offsets")]
    [InlineData("{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0],\"extra\":1}}", "unexpected or repeated field 'extra'")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "\"__metadata__\".\"format\" to be a string")]
    public void MalformedHeader_IsRefusedSayingWhatIsWrong(string json, string fragment) =>
        Refuses<InvalidDataException>(HeaderOf(json), fragment);
}
