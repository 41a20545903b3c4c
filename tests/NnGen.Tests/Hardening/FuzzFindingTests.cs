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
