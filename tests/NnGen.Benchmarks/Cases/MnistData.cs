namespace NnGen.Benchmarks.Cases;

/// <summary>MNIST's 60 000 training images, loaded once for every training case (null, with the reason, when missing).</summary>
public static class MnistData
{
    private static readonly Lazy<(LabeledDataset<float>? Data, string? Missing)> Loaded = new(() =>
    {
        try
        {
            return (Mnist.Load<float>(MnistSplit.Train), null);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            return (null, "MNIST not found: run scripts/fetch-mnist.sh from the repository root (or set NNGEN_MNIST)");
        }
    });

    /// <summary>The training split, pixels in [0, 1], one-hot targets.</summary>
    public static LabeledDataset<float> Train => Loaded.Value.Data ?? throw new InvalidOperationException(Loaded.Value.Missing);

    /// <summary>Null when the data is there; otherwise what to do.</summary>
    public static string? Missing => Loaded.Value.Missing;
}
