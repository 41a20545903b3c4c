namespace NnGen.Tests.Data;

/// <summary>Tests that read or set NNGEN_MNIST run one at a time, so none sees another's setting.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MnistEnvironmentCollection
{
    public const string Name = "MNIST environment";
}

[Collection(MnistEnvironmentCollection.Name)]
public sealed class MnistTests
{
    /// <summary>The digit counts of the original distribution, 0 to 9.</summary>
    private static readonly int[] TrainDigitCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] TestDigitCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    /// <summary>
    /// The repository's copy of MNIST. When it is missing this throws, and the test fails with the message that says
    /// to run scripts/fetch-mnist.sh: CI runs the script first, so a missing copy is a broken set-up, not a reason to skip.
    /// </summary>
    private static string RealMnist() => Mnist.DefaultDirectory;

    private static int[] CountDigits(ReadOnlySpan<int> labels)
    {
        var counts = new int[10];
        foreach (var label in labels) counts[label]++;
        return counts;
    }

    [Fact]
    public void RealTrainingSet_Has60000ImagesOf784PixelsInZeroToOne_WithOneHotDigits()
    {
        var train = Mnist.Load<float>(RealMnist(), MnistSplit.Train);
        var data = train.Dataset;

        Assert.Equal(60_000, train.Count);
        Assert.Equal(60_000, data.Count);
        Assert.Equal(784, data.InputLength);
        Assert.Equal(10, data.TargetLength);
        Assert.Equal(5, train.Labels[0]);
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], train.Labels[..10].ToArray());
        Assert.Equal(TrainDigitCounts, CountDigits(train.Labels));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], train.ClassNames);
        Assert.Empty(train.FeatureNames);

        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        double sum = 0;
        foreach (var pixel in data.Inputs)
        {
            min = Math.Min(min, pixel);
            max = Math.Max(max, pixel);
            sum += pixel;
        }

        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
        Assert.Equal(0.1307, sum / data.Inputs.Length, 4); // the mean every MNIST tutorial normalizes with

        for (var i = 0; i < data.Count; i += 997)
        {
            var target = data.Target(i);
            for (var c = 0; c < 10; c++) Assert.Equal(c == train.Labels[i] ? 1f : 0f, target[c]);
        }
    }

    [Fact]
    public void RealTestSet_Has10000Images_FirstASeven()
    {
        var test = Mnist.Load<double>(RealMnist(), MnistSplit.Test);
        Assert.Equal(10_000, test.Count);
        Assert.Equal(7, test.Labels[0]);
        Assert.Equal(TestDigitCounts, CountDigits(test.Labels));
        Assert.Equal(1.0, test.Dataset.Target(0)[7]);
    }

    [Fact]
    public void Limit_KeepsTheFirstImages()
    {
        var directory = RealMnist();
        var all = Mnist.Load<float>(directory, MnistSplit.Test);
        var first = Mnist.Load<float>(directory, MnistSplit.Test, limit: 100);

        Assert.Equal(100, first.Count);
        Assert.Equal(100 * 784, first.Dataset.Inputs.Length);
        Assert.Equal(all.Labels[..100].ToArray(), first.Labels.ToArray());
        Assert.Equal(all.Dataset.Inputs[..(100 * 784)].ToArray(), first.Dataset.Inputs.ToArray());
    }

    [Fact]
    public void DefaultDirectory_WithoutTheVariable_IsTheRepositorysDataFolder()
    {
        var configured = Environment.GetEnvironmentVariable(Mnist.EnvironmentVariable);
        string directory;
        try
        {
            Environment.SetEnvironmentVariable(Mnist.EnvironmentVariable, null);
            directory = RealMnist();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Mnist.EnvironmentVariable, configured);
        }

        Assert.Equal("mnist", Path.GetFileName(directory));
        Assert.Equal(".data", Path.GetFileName(Path.GetDirectoryName(directory)));
        Assert.True(File.Exists(Path.Combine(directory, "..", "..", "scripts", "fetch-mnist.sh")),
            $"{directory} should lie in the repository root, beside scripts/.");
    }

    [Fact]
    public void LoadWithoutDirectory_UsesTheDefault()
    {
        RealMnist();
        Assert.Equal(3, Mnist.Load<float>(MnistSplit.Train, limit: 3).Count);
    }

    /// <summary>A folder with a tiny MNIST look-alike test split: pixel (n, y, x) of image n is (byte)(51·n + y); label 0 is <c>firstLabel</c>, label i is i mod 10.</summary>
    private sealed class FakeMnist : IDisposable
    {
        public FakeMnist(int images = 3, int labels = 3, int height = 28, int width = 28, bool gzip = false, byte firstLabel = 4)
        {
            Directory.CreateDirectory(Path);
            var pixels = new byte[images * height * width];
            for (var n = 0; n < images; n++)
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                        pixels[(n * height + y) * width + x] = (byte)(n * 51 + y);
            var digits = new byte[labels];
            for (var i = 0; i < labels; i++) digits[i] = (byte)(i == 0 ? firstLabel : i % 10);
            Write("t10k-images-idx3-ubyte", IdxBytes.UnsignedBytes([images, height, width], pixels), gzip);
            Write("t10k-labels-idx1-ubyte", IdxBytes.UnsignedBytes([labels], digits), gzip);
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"nngen-mnist-{Guid.NewGuid():N}");

        private void Write(string name, byte[] raw, bool gzip) =>
            File.WriteAllBytes(System.IO.Path.Combine(Path, gzip ? name + ".gz" : name), gzip ? IdxBytes.Gzip(raw) : raw);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SmallFiles_RawOrGzip_GivePixelsOver255AndOneHotLabels(bool gzip)
    {
        using var fake = new FakeMnist(images: 6, labels: 6, gzip: gzip);
        var data = Mnist.Load<float>(fake.Path, MnistSplit.Test);

        Assert.Equal(6, data.Count);
        Assert.Equal([4, 1, 2, 3, 4, 5], data.Labels.ToArray());
        Assert.Equal(1f, data.Dataset.Target(1)[1]);
        Assert.Equal(0f, data.Dataset.Input(0)[0]);
        Assert.Equal(51f / 255f, data.Dataset.Input(1)[0]);                      // image 1, row 0
        Assert.Equal((2 * 51 + 27) / 255f, data.Dataset.Input(2)[27 * 28 + 5]);  // image 2, row 27
        Assert.Equal(1f, data.Dataset.Input(5)[17]);                     // image 5, row 0: 5·51 = 255
    }

    [Fact]
    public void Limit_LargerThanTheSet_KeepsAll_AndNonPositiveIsRejected()
    {
        using var fake = new FakeMnist();
        Assert.Equal(3, Mnist.Load<double>(fake.Path, MnistSplit.Test, limit: 1000).Count);
        Assert.Equal(2, Mnist.Load<double>(fake.Path, MnistSplit.Test, limit: 2).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mnist.Load<double>(fake.Path, MnistSplit.Test, limit: 0));
    }

    [Fact]
    public void MissingFile_NamesItAndSaysToRunTheFetchScript()
    {
        using var fake = new FakeMnist();
        var error = Assert.Throws<FileNotFoundException>(() => Mnist.Load<float>(fake.Path, MnistSplit.Train));
        Assert.Contains("train-images-idx3-ubyte", error.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("scripts/fetch-mnist.sh", error.Message);
    }

    [Fact]
    public void MissingFolder_SaysToRunTheFetchScript()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"nngen-no-mnist-{Guid.NewGuid():N}");
        var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load<float>(missing, MnistSplit.Test));
        Assert.Contains(missing, error.Message);
        Assert.Contains("scripts/fetch-mnist.sh", error.Message);
    }

    [Fact]
    public void ImagesAndLabelsOfDifferentCounts_SayBothCounts()
    {
        using var fake = new FakeMnist(images: 3, labels: 4);
        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load<float>(fake.Path, MnistSplit.Test));
        Assert.Contains("3 images", error.Message);
        Assert.Contains("4 labels", error.Message);
    }

    [Fact]
    public void ImagesNot28By28_SayWhatTheFileHolds()
    {
        using var fake = new FakeMnist(height: 28, width: 27);
        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load<float>(fake.Path, MnistSplit.Test));
        Assert.Contains("n × 28 × 28", error.Message);
        Assert.Contains("UnsignedByte (3 × 28 × 27)", error.Message);
    }

    [Fact]
    public void LabelAboveNine_NamesItsIndex()
    {
        using var fake = new FakeMnist(firstLabel: 12);
        var error = Assert.Throws<InvalidDataException>(() => Mnist.Load<float>(fake.Path, MnistSplit.Test));
        Assert.Contains("label 0 is 12", error.Message);
    }

    [Fact]
    public void EnvironmentVariable_ChoosesTheFolder_AndAMissingOneSaysToRunTheFetchScript()
    {
        using var fake = new FakeMnist();
        var configured = Environment.GetEnvironmentVariable(Mnist.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Mnist.EnvironmentVariable, fake.Path);
            Assert.Equal(fake.Path, Mnist.DefaultDirectory);
            Assert.Equal(3, Mnist.Load<float>(MnistSplit.Test).Count);

            var missing = fake.Path + "-missing";
            Environment.SetEnvironmentVariable(Mnist.EnvironmentVariable, missing);
            var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.DefaultDirectory);
            Assert.Contains("NNGEN_MNIST", error.Message);
            Assert.Contains(missing, error.Message);
            Assert.Contains("scripts/fetch-mnist.sh", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Mnist.EnvironmentVariable, configured);
        }
    }
}
