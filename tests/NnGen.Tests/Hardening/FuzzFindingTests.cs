using System.Text;
using NnGen.Tests.Networks;
using static NnGen.Tests.Serialization.SafetensorsBytes;

namespace NnGen.Tests.Hardening;

/// <summary>What the reader fuzzer found, each pinned by a small test of its own.</summary>
public sealed class FuzzFindingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-findings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// The checkpoint's SHA-256 covered its data but not its metadata, so a damaged learning rate, step count or best
    /// loss read back as a good one: the fuzzer's only accepted checkpoint mutations. The header now has a hash too.
    /// </summary>
    [Theory]
    [InlineData("\"optimizer.learning_rate\":\"0.01\"", "\"optimizer.learning_rate\":\"0.91\"")]
    [InlineData("\"optimizer.steps\":\"6\"", "\"optimizer.steps\":\"9\"")]
    public void CheckpointWithDamagedMetadata_IsRefused_AndChangesNothing(string original, string damaged)
    {
        var path = Path.Combine(_directory, "run.ckpt");
        FitOptions Options(Optimizer optimizer) => new() { Epochs = 2, BatchSize = 8, Optimizer = optimizer, Seed = 1, Checkpoint = new CheckpointOptions(path) };
        var train = Dataset<float>.FromLabels([.. Enumerable.Range(0, 24 * 72).Select(i => MathF.Sin(i))], 72, [.. Enumerable.Range(0, 24).Select(i => i % 3)], 3);
        new ConvBatchNormFloat(seed: 1).Fit(train, Options(new Adam(0.01)));
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        Assert.Contains(original, text, StringComparison.Ordinal);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace(original, damaged, StringComparison.Ordinal)));

        var network = new ConvBatchNormFloat(seed: 2);
        var before = network.Parameters.ToArray();
        var adam = new Adam(0.01);
        var error = Assert.Throws<InvalidDataException>(() => network.Fit(train, Options(adam)));

        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, adam.Steps);
    }

    /// <summary>
    /// A byte that is not UTF-8 inside a tensor name passed System.Text.Json's structural check and escaped as an
    /// InvalidOperationException when the name was read.
    /// </summary>
    [Fact]
    public void SafetensorsHeaderWithInvalidUtf8_IsInvalidData_AndNamesTheByte()
    {
        var bytes = Build([F32("0.bias", [3], 1, 2, 3)]);
        var at = Encoding.ASCII.GetString(bytes).IndexOf("0.bias", StringComparison.Ordinal);
        bytes[at] = 0xFF;
        var network = new ConvBatchNormFloat(seed: 1);
        var before = network.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => network.LoadSafetensors(new MemoryStream(bytes)));

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {at - 8}", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }
}
