using NnGen.Tests.Data;
using NnGen.Tests.Networks;

namespace NnGen.Tests.Serialization;

public sealed class SafetensorsStreamTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nngen-stream-{Guid.NewGuid():N}.safetensors");

    [Fact]
    public void LoadFromStream_SeekableOrNot_RestoresTheSavedParameters()
    {
        var saved = new ConvBatchNormFloat(seed: 3);
        saved.TrainStep(new float[2 * ConvBatchNormFloat.InputLength], new float[2 * ConvBatchNormFloat.OutputLength]);
        saved.SaveSafetensors(_path);
        var bytes = File.ReadAllBytes(_path);

        var fromMemory = new ConvBatchNormFloat(seed: 4);
        fromMemory.LoadSafetensors(new MemoryStream(bytes));
        var forwardOnly = new ConvBatchNormFloat(seed: 5);
        forwardOnly.LoadSafetensors(new ForwardOnlyStream(bytes));

        Assert.Equal(saved.Parameters.ToArray(), fromMemory.Parameters.ToArray());
        Assert.Equal(saved.Buffers.ToArray(), fromMemory.Buffers.ToArray());
        Assert.Equal(saved.Parameters.ToArray(), forwardOnly.Parameters.ToArray());
    }

    [Fact]
    public void LoadFromStream_OfAnotherArchitecture_LeavesTheNetworkUnchanged()
    {
        new WideCrossEntropy(seed: 1).SaveSafetensors(_path);
        var network = new TanhMse(seed: 2);
        var before = network.Parameters.ToArray();

        Assert.Throws<ArgumentException>(() => network.LoadSafetensors(new MemoryStream(File.ReadAllBytes(_path))));
        Assert.Equal(before, network.Parameters.ToArray());
    }

    public void Dispose() => File.Delete(_path);
}
