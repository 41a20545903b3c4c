using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

[Collection(WorkersCollection.Name)]
public sealed class FitTests
{
    private static readonly double[,] TrueWeights = { { 1.5, -2.0, 0.5 }, { 0.3, 0.8, -1.2 } };
    private static readonly double[] TrueBiases = [0.7, -0.4];

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) return false;
        }

        return true;
    }

    [Fact]
    public void Fit_OnNoiselessLinearData_RecoversWeightsAndBiases()
    {
        var data = SyntheticData.Linear<double>(256, TrueWeights, TrueBiases, seed: 1);
        var network = new ReferenceLinearNetwork<double>(3, 2, seed: 2);

        var history = network.Fit(data, new FitOptions { Epochs = 60, BatchSize = 32, Optimizer = new Sgd(0.1, momentum: 0.9), Seed = 3 });

        for (var o = 0; o < 2; o++)
        {
            for (var i = 0; i < 3; i++) Assert.Equal(TrueWeights[o, i], network.Weights[o * 3 + i], 1e-3);
            Assert.Equal(TrueBiases[o], network.Biases[o], 1e-3);
        }

        Assert.Equal(60, history.Count);
        Assert.True(history[^1].TrainLoss < 1e-6 * history[0].TrainLoss, $"loss {history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.Null(history[^1].TrainAccuracy); // regression
    }

    [Fact]
    public void Fit_WithTheSameSeed_GivesBitIdenticalParameters_AndAnotherSeedDoesNot()
    {
        var data = SyntheticData.Linear<double>(100, TrueWeights, TrueBiases, seed: 1);
        double[] Train(ulong seed)
        {
            var network = new ReferenceLinearNetwork<double>(3, 2, seed: 2);
            network.Fit(data, new FitOptions { Epochs = 4, BatchSize = 16, Optimizer = new Adam(0.01), ValidationSplit = 0.2, Seed = seed });
            return network.Parameters.ToArray();
        }

        var first = Train(7);
        Assert.Equal(first, Train(7));
        Assert.NotEqual(first, Train(8));
    }

    [Fact]
    public void EarlyStopping_WhenValidationLossTurnsUp_StopsAfterPatience_AndRestoresTheBestEpochsWeights()
    {
        // Training pulls the slope w from 0 towards 2 (t = 2x + 1); the validation set follows t = x + 1, so its
        // loss falls while w < 1 and rises after.
        var train = SyntheticData.Linear<double>(64, new double[,] { { 2.0 } }, [1.0], seed: 1);
        var validation = SyntheticData.Linear<double>(64, new double[,] { { 1.0 } }, [1.0], seed: 2);
        var network = new ReferenceLinearNetwork<double>(1, 1);
        double[] start = [0.0, 1.0];
        start.CopyTo(network.Parameters);
        var weightsAtEpochEnd = new List<double[]>();
        var progress = new RecordingProgress(_ => weightsAtEpochEnd.Add(network.Parameters.ToArray()));

        var history = network.Fit(train, new FitOptions
        {
            Epochs = 100,
            BatchSize = 64,
            Optimizer = new Sgd(0.3),
            Validation = validation,
            EarlyStopping = new EarlyStopping(patience: 3),
            Progress = progress,
        });

        Assert.True(history.StoppedEarly);
        Assert.True(history.BestEpoch > 1, $"best epoch {history.BestEpoch}: the validation loss should fall first");
        Assert.Equal(history.BestEpoch + 3, history.Count);
        var lowest = history.Min(r => r.ValidationLoss!.Value);
        Assert.Equal(lowest, history.Best!.ValidationLoss);
        Assert.Equal(weightsAtEpochEnd[history.BestEpoch - 1], network.Parameters.ToArray());
        Assert.NotEqual(weightsAtEpochEnd[^1], network.Parameters.ToArray());
        Assert.Equal(1.0, network.Weights[0], 0.2);
    }

    [Fact]
    public void EarlyStopping_WithoutValidationSet_MonitorsTrainingLoss()
    {
        // Full-batch gradient descent with a step too large for the bias (curvature 1): the error flips sign and
        // grows by a factor 1.5 each epoch, so the training loss rises from the first epoch on.
        var train = SyntheticData.Linear<double>(32, new double[,] { { 0.0 } }, [1.0], seed: 1);
        var network = new ReferenceLinearNetwork<double>(1, 1);
        network.Parameters.Clear();

        var history = network.Fit(train, new FitOptions
        {
            Epochs = 50,
            BatchSize = 32,
            Optimizer = new Sgd(2.5),
            EarlyStopping = new EarlyStopping(patience: 2) { RestoreBestWeights = false },
        });

        Assert.True(history.StoppedEarly);
        Assert.Equal(1, history.BestEpoch);
        Assert.Equal(3, history.Count);
        Assert.True(history[2].TrainLoss > history[1].TrainLoss && history[1].TrainLoss > history[0].TrainLoss);
    }

    [Fact]
    public void DivergingLoss_ThrowsNamingEpochStepAndLearningRate_AndLeavesFiniteWeights()
    {
        var data = SyntheticData.Linear<double>(64, TrueWeights, TrueBiases, seed: 1);
        var network = new ReferenceLinearNetwork<double>(3, 2, seed: 2);
        var steps = new List<(double[] Weights, double Loss)>();
        network.AfterTrainStep = loss => steps.Add((network.Parameters.ToArray(), loss));

        var error = Assert.Throws<InvalidOperationException>(
            () => network.Fit(data, new FitOptions { Epochs = 1000, BatchSize = 8, Optimizer = new Sgd(1e6) }));

        Assert.Matches(@"at epoch \d+/1000, step \d+/8", error.Message);
        Assert.Contains("learning rate 1000000", error.Message);
        Assert.Contains("too high", error.Message);
        Assert.False(double.IsFinite(steps[^1].Loss));
        var lastFinite = steps.Last(s => double.IsFinite(s.Loss));
        Assert.Equal(lastFinite.Weights, network.Parameters.ToArray());
        Assert.True(AllFinite(network.Parameters));
    }

    [Fact]
    public void Progress_ArrivesOncePerEpoch_InOrder_WithTheHistorysReports()
    {
        var data = SyntheticData.Linear<double>(40, TrueWeights, TrueBiases, seed: 1);
        var progress = new RecordingProgress();
        var history = new ReferenceLinearNetwork<double>(3, 2).Fit(
            data, new FitOptions { Epochs = 5, Optimizer = new Adam(), ValidationSplit = 0.25, Progress = progress });

        Assert.Equal([1, 2, 3, 4, 5], progress.Reports.Select(r => r.Epoch));
        Assert.All(progress.Reports, r => Assert.Equal(5, r.Epochs));
        Assert.Equal(history, progress.Reports);
        Assert.All(progress.Reports, r => Assert.NotNull(r.ValidationLoss));
    }

    [Fact]
    public void TrainLoss_WithZeroLearningRate_IsTheMeanOverAllSamplesPlusPenalty_IncludingThePartialLastBatch()
    {
        // 10 samples in batches of 4, 4 and 2: a mean of batch means would weight the last two samples double.
        var data = SyntheticData.Linear<double>(10, TrueWeights, TrueBiases, seed: 1);
        var network = new ReferenceLinearNetwork<double>(3, 2, seed: 4);
        var dataLoss = network.EvaluateDataset(data).Loss;
        var penalty = new L2(0.5).Apply<double>(network.ParameterTensors, network.Parameters, new double[network.ParameterCount]);

        var history = network.Fit(data, new FitOptions { Epochs = 2, BatchSize = 4, Optimizer = new Sgd(0), Regularization = [new L2(0.5)] });

        Assert.Equal(dataLoss + penalty, history[0].TrainLoss, 1e-12);
        Assert.Equal(dataLoss + penalty, history[1].TrainLoss, 1e-12);
        Assert.Equal(20, network.SamplesTrained);
    }

    [Fact]
    public void ValidationSplit_HoldsOutThatFractionOfTheTrainingSet()
    {
        var data = SyntheticData.Linear<double>(50, TrueWeights, TrueBiases, seed: 1);
        var network = new ReferenceLinearNetwork<double>(3, 2);
        var history = network.Fit(data, new FitOptions { Epochs = 3, BatchSize = 7, Optimizer = new Adam(), ValidationSplit = 0.2 });

        Assert.Equal(3 * 40, network.SamplesTrained);
        Assert.All(history, r => Assert.NotNull(r.ValidationLoss));
    }

    [Fact]
    public void Fit_OnBinaryData_ReportsThresholdAccuracy()
    {
        var (train, validation) = SyntheticData.HalfPlane<double>(200, seed: 1).Split(0.25, seed: 2);
        var network = new ReferenceLinearNetwork<double>(2, 1, LossKind.BinaryCrossEntropy);

        var history = network.Fit(train, new FitOptions { Epochs = 30, BatchSize = 16, Optimizer = new Adam(0.05), Validation = validation });

        var last = history[^1];
        Assert.True(last.TrainAccuracy >= 0.95, $"train accuracy {last.TrainAccuracy}");
        Assert.True(last.ValidationAccuracy >= 0.9, $"validation accuracy {last.ValidationAccuracy}");
        var (loss, accuracy) = network.EvaluateDataset(validation);
        Assert.Equal(last.ValidationAccuracy, accuracy);
        Assert.Equal(last.ValidationLoss!.Value, loss, 1e-12);
    }

    [Fact]
    public void Fit_OnThreeClasses_ReportsArgmaxAccuracy_AndFloatWorks()
    {
        var data = SyntheticData.Sectors<float>(300, 3, seed: 1);
        var network = new ReferenceLinearNetwork<float>(2, 3, LossKind.CrossEntropy, seed: 1);

        var history = network.Fit(data, new FitOptions { Epochs = 40, BatchSize = 32, Optimizer = new Adam(0.05) });

        Assert.True(history[^1].TrainAccuracy >= 0.93, $"train accuracy {history[^1].TrainAccuracy}");
        var predicted = network.PredictClasses(data);
        var actual = OneHot.Decode(data.Targets, 3);
        Assert.Equal(history[^1].TrainAccuracy!.Value, predicted.Zip(actual).Count(p => p.First == p.Second) / 300.0, 1e-12);
    }

    [Fact]
    public void GeneratedNetwork_ReportsTheAccuracyOfItsTrainingOutputs()
    {
        // One batch of the whole set, no shuffle: the epoch's accuracy is that of the outputs before the one update,
        // which (no Dropout, no BatchNorm) are the inference outputs of the initial weights.
        var data = SyntheticData.Sectors<float>(300, 3, seed: 4);
        var network = new SectorClassifier(seed: 2);
        var before = network.PredictClasses(data);
        var actual = OneHot.Decode(data.Targets, 3);
        var expected = before.Zip(actual).Count(p => p.First == p.Second) / 300.0;

        var history = network.Fit(data, new FitOptions { Epochs = 1, BatchSize = 300, Shuffle = false, Optimizer = new Adam(0.05) });

        Assert.Equal(expected, history[0].TrainAccuracy!.Value, 1e-12);
        Assert.Equal(300 * 3, network.TrainingOutputs.Length);
    }

    [Fact]
    public void TrainingOutputs_AreTheForwardPassOfTheLastStep()
    {
        var data = SyntheticData.Sectors<float>(40, 3, seed: 5);
        var network = new SectorClassifier(seed: 3);
        var predicted = new float[data.Count * 3];
        network.PredictBatch(data.Inputs, predicted);

        network.TrainStep(data.Inputs, data.Targets);

        Assert.Equal(predicted, network.TrainingOutputs.ToArray());
    }

    [Fact]
    public void Steps_AfterTheFirstEpoch_AllocateNothing()
    {
        // 500 steps an epoch: a single allocation per step would cost at least 24 bytes × 500 per epoch.
        var data = SyntheticData.Sectors<double>(500, 3, seed: 1);
        var validation = SyntheticData.Sectors<double>(100, 3, seed: 2);
        long AllocatedBy(int epochs)
        {
            var network = new ReferenceLinearNetwork<double>(2, 3, LossKind.CrossEntropy);
            var options = new FitOptions
            {
                Epochs = epochs, BatchSize = 1, Optimizer = new Adam(), Regularization = [new L2(1e-4)], Validation = validation,
            };
            var before = GC.GetAllocatedBytesForCurrentThread();
            network.Fit(data, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        AllocatedBy(2); // warm-up: JIT, statics
        var perEpoch = (AllocatedBy(12) - AllocatedBy(2)) / 10.0;
        Assert.True(perEpoch < 1000, $"{perEpoch} bytes per epoch");
    }

    [Fact]
    public void ValidationOfAnotherElementType_ThrowsNamingBoth()
    {
        var data = SyntheticData.Linear<double>(10, TrueWeights, TrueBiases, seed: 1);
        var validation = SyntheticData.Linear<float>(10, TrueWeights, TrueBiases, seed: 1);
        var error = Assert.Throws<ArgumentException>(
            () => new ReferenceLinearNetwork<double>(3, 2).Fit(data, new FitOptions { Optimizer = new Adam(), Validation = validation }));
        Assert.Contains("Dataset<Double>", error.Message);
        Assert.Contains("Single", error.Message);
    }

    [Fact]
    public void DatasetOfOtherShape_ThrowsNamingBothShapes()
    {
        var data = SyntheticData.Linear<double>(10, TrueWeights, TrueBiases, seed: 1);
        var error = Assert.Throws<ArgumentException>(
            () => new ReferenceLinearNetwork<double>(4, 2).Fit(data, new FitOptions { Optimizer = new Adam() }));
        Assert.Contains("expected inputs of 4 and targets of 2 values, got inputs of 3 and targets of 2", error.Message);
    }

    [Fact]
    public void ValidationAndValidationSplitTogether_Throw()
    {
        var data = SyntheticData.Linear<double>(10, TrueWeights, TrueBiases, seed: 1);
        Assert.Throws<ArgumentException>(() => new ReferenceLinearNetwork<double>(3, 2).Fit(
            data, new FitOptions { Optimizer = new Adam(), Validation = data, ValidationSplit = 0.2 }));
    }
}
