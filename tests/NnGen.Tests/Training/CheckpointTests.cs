using System.Runtime.InteropServices;
using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Training;

/// <summary>
/// Checkpoints: a Fit interrupted after some epochs and resumed from its file on fresh objects ends bit for bit as the
/// run that was never interrupted; files of another network or optimizer, and damaged files, are refused before
/// anything changes; writing never destroys the last good checkpoint.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly double[,] TrueWeights =
    {
        { 1.5, -2.0, 0.5, 0.3, -0.7, 1.1 },
        { 0.3, 0.8, -1.2, 0.9, 0.4, -0.6 },
    };

    private static readonly double[] TrueBiases = [0.7, -0.4];

    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static Dataset<double> DropoutTrain => SyntheticData.Linear<double>(96, TrueWeights, TrueBiases, seed: 1);

    private static Dataset<double> DropoutValidation => SyntheticData.Linear<double>(32, TrueWeights, TrueBiases, seed: 2);

    private static Optimizer NewOptimizer(string name) => name switch
    {
        "adam" => new Adam(0.01),
        "sgd-momentum" => new Sgd(0.02, momentum: 0.9),
        "rmsprop" => new RmsProp(0.005),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown optimizer"),
    };

    private static FitOptions Options(
        Optimizer optimizer, int epochs, IDataset validation, CheckpointOptions? checkpoint = null,
        IProgress<EpochReport>? progress = null, bool restoreBestWeights = true) => new()
    {
        Epochs = epochs,
        BatchSize = 16,
        Optimizer = optimizer,
        Validation = validation,
        Shuffle = true,
        Seed = 11,
        EarlyStopping = new EarlyStopping(patience: 100) { RestoreBestWeights = restoreBestWeights },
        Checkpoint = checkpoint,
        Progress = progress,
    };

    /// <summary>
    /// n samples of 2×6×6 values in [−1, 1], labelled by which third of the values has the largest sum: a
    /// classification set for <see cref="ConvBatchNormFloat"/>.
    /// </summary>
    private static Dataset<float> ImageClasses(int n, ulong seed)
    {
        var rng = new Rng(seed);
        const int length = 2 * 6 * 6;
        var inputs = new float[n * length];
        var labels = new int[n];
        for (var s = 0; s < n; s++)
        {
            var sums = new double[3];
            for (var i = 0; i < length; i++)
            {
                var x = 2 * rng.NextDouble() - 1;
                inputs[s * length + i] = (float)x;
                sums[i * 3 / length] += x;
            }

            labels[s] = Array.IndexOf(sums, sums.Max());
        }

        return Dataset<float>.FromLabels(inputs, length, labels, 3);
    }

    private static void AssertBitIdentical<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : unmanaged
    {
        Assert.Equal(expected.Length, actual.Length);
        var e = MemoryMarshal.AsBytes(expected);
        var a = MemoryMarshal.AsBytes(actual);
        var size = e.Length / Math.Max(1, expected.Length);
        for (var i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i]) Assert.Fail($"{what}: value {i / size} differs: expected {expected[i / size]}, got {actual[i / size]}.");
        }
    }

    private static void AssertSameHistory(History expected, History actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.BestEpoch, actual.BestEpoch);
        Assert.Equal(expected.StoppedEarly, actual.StoppedEarly);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.Epoch, a.Epoch);
            Assert.Equal(e.Epochs, a.Epochs);
            double?[] expectedNumbers = [e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy];
            double?[] actualNumbers = [a.TrainLoss, a.TrainAccuracy, a.ValidationLoss, a.ValidationAccuracy];
            for (var k = 0; k < expectedNumbers.Length; k++)
            {
                Assert.Equal(expectedNumbers[k].HasValue, actualNumbers[k].HasValue);
                if (expectedNumbers[k] is { } x)
                    Assert.True(BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(actualNumbers[k]!.Value), $"epoch {i + 1}, number {k}: expected {x:R}, got {actualNumbers[k]:R}");
            }
        }
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd-momentum")]
    [InlineData("rmsprop")]
    public void ResumingFromEpoch2OnFreshObjects_EndsBitIdenticalToFourStraightEpochs_WithDropout(string optimizer)
    {
        var straight = new WithDropout(seed: 5);
        var straightHistory = straight.Fit(DropoutTrain, Options(NewOptimizer(optimizer), 4, DropoutValidation));

        var path = PathOf("dropout.ckpt");
        var first = new WithDropout(seed: 5);
        first.Fit(DropoutTrain, Options(NewOptimizer(optimizer), 2, DropoutValidation, new CheckpointOptions(path)));

        var resumed = new WithDropout(seed: 77);
        Assert.NotEqual(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
        var progress = new RecordingProgress();
        var resumedHistory = resumed.Fit(DropoutTrain, Options(NewOptimizer(optimizer), 4, DropoutValidation, new CheckpointOptions(path), progress));

        AssertBitIdentical<double>(straight.Parameters, resumed.Parameters, "parameters");
        AssertSameHistory(straightHistory, resumedHistory);
        Assert.Equal([3, 4], progress.Reports.Select(r => r.Epoch));
        Assert.All(progress.Reports, r => Assert.Equal(4, r.Epochs));
    }

    [Fact]
    public void ResumingFromEpoch2OnFreshObjects_EndsBitIdenticalToFourStraightEpochs_WithBatchNormBuffers()
    {
        var train = ImageClasses(80, seed: 3);
        var validation = ImageClasses(24, seed: 4);
        var straight = new ConvBatchNormFloat(seed: 5);
        var straightHistory = straight.Fit(train, Options(new Adam(0.01), 4, validation, restoreBestWeights: false));

        var path = PathOf("batchnorm.ckpt");
        new ConvBatchNormFloat(seed: 5).Fit(train, Options(new Adam(0.01), 2, validation, new CheckpointOptions(path), restoreBestWeights: false));
        var resumed = new ConvBatchNormFloat(seed: 6);
        var resumedHistory = resumed.Fit(train, Options(new Adam(0.01), 4, validation, new CheckpointOptions(path), restoreBestWeights: false));

        Assert.NotEmpty(straight.Buffers.ToArray());
        AssertBitIdentical<float>(straight.Parameters, resumed.Parameters, "parameters");
        AssertBitIdentical<float>(straight.Buffers, resumed.Buffers, "buffers");
        AssertSameHistory(straightHistory, resumedHistory);
        Assert.NotNull(resumedHistory[0].TrainAccuracy);
    }

    [Fact]
    public void ContinuingWithoutCheckpoint_IsNotBitIdentical_SoTheResumeTestsCanFail()
    {
        // Two Fit calls of 2 epochs on the same objects restart the shuffle generator from the seed; only the
        // checkpoint's saved generator state makes epochs 3 and 4 match.
        var straight = new WithDropout(seed: 5);
        straight.Fit(DropoutTrain, Options(new Adam(0.01), 4, DropoutValidation));
        var twice = new WithDropout(seed: 5);
        var adam = new Adam(0.01);
        twice.Fit(DropoutTrain, Options(adam, 2, DropoutValidation, restoreBestWeights: false));
        twice.Fit(DropoutTrain, Options(adam, 2, DropoutValidation, restoreBestWeights: false));

        Assert.NotEqual(straight.Parameters.ToArray(), twice.Parameters.ToArray());
    }

    [Fact]
    public void FitInterruptedByACrashAtEpoch3_ResumesFromEpoch2_BitIdentical()
    {
        var straight = new WithDropout(seed: 5);
        var straightHistory = straight.Fit(DropoutTrain, Options(new Sgd(0.02, momentum: 0.9), 4, DropoutValidation));

        var path = PathOf("crash.ckpt");
        var crash = new RecordingProgress(report =>
        {
            if (report.Epoch == 3) throw new InvalidOperationException("simulated crash");
        });
        Assert.Throws<InvalidOperationException>(() => new WithDropout(seed: 5).Fit(
            DropoutTrain, Options(new Sgd(0.02, momentum: 0.9), 4, DropoutValidation, new CheckpointOptions(path), crash)));

        var resumed = new WithDropout(seed: 1);
        var progress = new RecordingProgress();
        var history = resumed.Fit(DropoutTrain, Options(new Sgd(0.02, momentum: 0.9), 4, DropoutValidation, new CheckpointOptions(path), progress));

        Assert.Equal([3, 4], progress.Reports.Select(r => r.Epoch));
        AssertBitIdentical<double>(straight.Parameters, resumed.Parameters, "parameters");
        AssertSameHistory(straightHistory, history);
    }

    [Fact]
    public void ShorterRunThatSpentItsPatienceOnTheLastEpoch_ResumesAsStoppedEarly_LikeTheStraightRun()
    {
        // Training pulls the slope towards 2 (t = 2x + 1) while the validation set follows t = x + 1, so the
        // validation loss falls, then rises, and patience 3 stops the straight run early.
        var train = SyntheticData.Linear<double>(64, new double[,] { { 2.0 } }, [1.0], seed: 1);
        var validation = SyntheticData.Linear<double>(64, new double[,] { { 1.0 } }, [1.0], seed: 2);
        FitOptions Options(int epochs, CheckpointOptions? checkpoint) => new()
        {
            Epochs = epochs, BatchSize = 16, Optimizer = new Sgd(0.1), Validation = validation, Seed = 4,
            EarlyStopping = new EarlyStopping(patience: 3), Checkpoint = checkpoint,
        };
        ReferenceLinearNetwork<double> Network()
        {
            var network = new ReferenceLinearNetwork<double>(1, 1);
            double[] start = [0.0, 1.0];
            start.CopyTo(network.Parameters);
            return network;
        }

        var straight = Network();
        var straightHistory = straight.Fit(train, Options(100, null));
        Assert.True(straightHistory.StoppedEarly);

        // A run asked for exactly as many epochs does not stop early: its patience runs out on its last epoch.
        var path = PathOf("patience.ckpt");
        var shorter = Network().Fit(train, Options(straightHistory.Count, new CheckpointOptions(path)));
        Assert.False(shorter.StoppedEarly);

        var resumed = Network();
        var resumedHistory = resumed.Fit(train, Options(100, new CheckpointOptions(path)));
        AssertSameHistory(straightHistory, resumedHistory);
        AssertBitIdentical<double>(straight.Parameters, resumed.Parameters, "parameters");
    }

    [Fact]
    public void CheckpointCoveringAllEpochs_ReturnsItsHistoryWithoutTraining()
    {
        var path = PathOf("done.ckpt");
        var original = new WithDropout(seed: 5);
        var originalHistory = original.Fit(DropoutTrain, Options(new Adam(0.01), 3, DropoutValidation, new CheckpointOptions(path)));

        var again = new WithDropout(seed: 8);
        var adam = new Adam(0.01);
        var progress = new RecordingProgress();
        var history = again.Fit(DropoutTrain, Options(adam, 3, DropoutValidation, new CheckpointOptions(path), progress));

        Assert.Empty(progress.Reports);
        AssertSameHistory(originalHistory, history);
        AssertBitIdentical<double>(original.Parameters, again.Parameters, "parameters (the best epoch's, restored)");
        Assert.Equal(3 * 6, adam.Steps); // 96 samples in batches of 16, three epochs
    }

    [Fact]
    public void ResumeFalse_StartsAfresh_AndOverwritesTheCheckpoint()
    {
        var path = PathOf("afresh.ckpt");
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 2, DropoutValidation, new CheckpointOptions(path)));

        var progress = new RecordingProgress();
        new WithDropout(seed: 5).Fit(
            DropoutTrain, Options(new Adam(0.01), 2, DropoutValidation, new CheckpointOptions(path) { Resume = false }, progress));

        Assert.Equal([1, 2], progress.Reports.Select(r => r.Epoch));
    }

    [Fact]
    public void CheckpointOfAnotherArchitecture_IsRefusedNamingBoth_AndLeavesTheNetworkUnchanged()
    {
        var path = PathOf("dropout.ckpt");
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 1, DropoutValidation, new CheckpointOptions(path)));

        var other = new SigmoidMse(seed: 3);
        var before = other.Parameters.ToArray();
        var data = SyntheticData.Linear<double>(32, new double[,] { { 1, 2, 3 }, { 3, 2, 1 } }, [0, 0], seed: 1);
        var error = Assert.Throws<ArgumentException>(() => other.Fit(data, new FitOptions
        {
            Epochs = 2, Optimizer = new Adam(0.01), Checkpoint = new CheckpointOptions(path),
        }));

        Assert.Contains("WithDropout", error.Message);
        Assert.Contains("SigmoidMse", error.Message);
        Assert.Equal(before, other.Parameters.ToArray());
    }

    [Fact]
    public void CheckpointOfAnotherOptimizer_IsRefusedNamingBoth_AndChangesNothing()
    {
        var path = PathOf("adam.ckpt");
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 1, DropoutValidation, new CheckpointOptions(path)));

        var network = new WithDropout(seed: 6);
        var before = network.Parameters.ToArray();
        var rmsProp = new RmsProp(0.01);
        var error = Assert.Throws<ArgumentException>(() =>
            network.Fit(DropoutTrain, Options(rmsProp, 2, DropoutValidation, new CheckpointOptions(path))));

        Assert.Contains("NnGen.Adam", error.Message);
        Assert.Contains("NnGen.RmsProp", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, rmsProp.Steps);
        Assert.Equal(0.01, rmsProp.LearningRate);
    }

    [Fact]
    public void CheckpointOfSgdWithMomentum_IsRefusedBySgdWithout_WhoseStateDiffers()
    {
        var path = PathOf("sgd.ckpt");
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Sgd(0.02, momentum: 0.9), 1, DropoutValidation, new CheckpointOptions(path)));

        var network = new WithDropout(seed: 6);
        var before = network.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() =>
            network.Fit(DropoutTrain, Options(new Sgd(0.02), 2, DropoutValidation, new CheckpointOptions(path))));

        Assert.Contains("momentum", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Theory]
    [InlineData("flipped data byte", "SHA-256")]
    [InlineData("truncated by 10 bytes", "truncated")]
    [InlineData("truncated to 5 bytes", "only 5 bytes")]
    [InlineData("text", "")]
    [InlineData("weights only", "not an NnGen checkpoint")]
    public void DamagedCheckpoint_IsRefusedWithInvalidDataException_AndChangesNothing(string damage, string expected)
    {
        var path = PathOf("damaged.ckpt");
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 1, DropoutValidation, new CheckpointOptions(path)));
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "flipped data byte":
                bytes[^20] ^= 0x40;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncated by 10 bytes":
                File.WriteAllBytes(path, bytes[..^10]);
                break;
            case "truncated to 5 bytes":
                File.WriteAllBytes(path, bytes[..5]);
                break;
            case "text":
                File.WriteAllText(path, "this is not a checkpoint, just some text in a file");
                break;
            case "weights only":
                new WithDropout(seed: 5).SaveSafetensors(path);
                break;
        }

        var network = new WithDropout(seed: 6);
        var before = network.Parameters.ToArray();
        var adam = new Adam(0.01);
        var error = Assert.Throws<InvalidDataException>(() =>
            network.Fit(DropoutTrain, Options(adam, 2, DropoutValidation, new CheckpointOptions(path))));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, adam.Steps);
    }

    [Fact]
    public void WritingEveryEpoch_ReplacesTheFile_AndLeavesNoTemporaryFiles()
    {
        var path = PathOf("every.ckpt");
        var snapshots = new List<byte[]>();
        var progress = new RecordingProgress(_ =>
        {
            if (File.Exists(path)) snapshots.Add(File.ReadAllBytes(path));
        });
        new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 3, DropoutValidation, new CheckpointOptions(path), progress));

        Assert.Equal(2, snapshots.Count); // at epochs 2 and 3, the files of epochs 1 and 2
        Assert.NotEqual(snapshots[0], snapshots[1]);
        Assert.NotEqual(snapshots[1], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void WritingEveryTwoEpochs_WritesAtEpoch2And4AndTheLast()
    {
        var path = PathOf("every2.ckpt");
        var existed = new List<(int Epoch, bool Exists)>();
        var progress = new RecordingProgress(report => existed.Add((report.Epoch, File.Exists(path))));
        new WithDropout(seed: 5).Fit(
            DropoutTrain, Options(new Adam(0.01), 5, DropoutValidation, new CheckpointOptions(path) { Every = 2 }, progress));

        Assert.Equal([(1, false), (2, false), (3, true), (4, true), (5, true)], existed);

        var resumedProgress = new RecordingProgress();
        new WithDropout(seed: 5).Fit(
            DropoutTrain, Options(new Adam(0.01), 6, DropoutValidation, new CheckpointOptions(path) { Every = 2 }, resumedProgress));
        Assert.Equal([6], resumedProgress.Reports.Select(r => r.Epoch)); // the file held epoch 5, the last
    }

    [Fact]
    public void AFailedWrite_LeavesThePreviousCheckpointIntact_AndNoTemporaryFile()
    {
        var path = PathOf("failing.ckpt");
        var network = new FailingDropoutNetwork<double>(new WithDropout(seed: 5));
        byte[]? afterEpoch1 = null;
        var progress = new RecordingProgress(report =>
        {
            if (report.Epoch != 2) return;
            afterEpoch1 = File.ReadAllBytes(path);
            network.Fail = true;
        });

        var error = Assert.Throws<IOException>(() =>
            network.Fit(DropoutTrain, Options(new Adam(0.01), 3, DropoutValidation, new CheckpointOptions(path), progress)));

        Assert.Contains("Simulated", error.Message);
        Assert.Equal(afterEpoch1, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
        network.Fail = false;
        var resumed = new RecordingProgress();
        network.Fit(DropoutTrain, Options(new Adam(0.01), 3, DropoutValidation, new CheckpointOptions(path), resumed));
        Assert.Equal([2, 3], resumed.Reports.Select(r => r.Epoch));
    }

    [Fact]
    public void CheckpointInAMissingDirectory_IsRefusedBeforeTraining()
    {
        var path = Path.Combine(_directory, "no-such-directory", "model.ckpt");
        var error = Assert.Throws<ArgumentException>(() =>
            new WithDropout(seed: 5).Fit(DropoutTrain, Options(new Adam(0.01), 1, DropoutValidation, new CheckpointOptions(path))));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void CheckpointOptions_RefuseAnEmptyPathAndEveryBelowOne()
    {
        Assert.Throws<ArgumentException>(() => new CheckpointOptions(" "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointOptions("a.ckpt") { Every = 0 });
    }

    [Fact]
    public void RngRestoredFromASavedState_ContinuesTheSameSequence()
    {
        var rng = new Rng(3);
        for (var i = 0; i < 5; i++) rng.NextUInt64();
        var state = rng.SaveState();
        var expected = Enumerable.Range(0, 10).Select(_ => rng.NextUInt64()).ToArray();

        var other = new Rng(999);
        other.RestoreState(state);
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(_ => other.NextUInt64()).ToArray());

        state[0] ^= 1; // SaveState returns a copy
        other.RestoreState(rng.SaveState());
        Assert.Equal(rng.NextUInt64(), other.NextUInt64());
    }

    [Fact]
    public void RngRestoreState_RefusesAnAllZeroOrWrongLengthState()
    {
        var rng = new Rng(3);
        var before = rng.SaveState();
        Assert.Contains("all-zero", Assert.Throws<ArgumentException>(() => rng.RestoreState(new ulong[4])).Message);
        Assert.Contains("got 3", Assert.Throws<ArgumentException>(() => rng.RestoreState(new ulong[] { 1, 2, 3 })).Message);
        Assert.Equal(before, rng.SaveState());
    }
}
