using NnGen.Tests.Networks;

namespace NnGen.Tests.Hardening;

/// <summary>
/// The runtime's public entry points refuse bad input with a message that names the argument, what was expected and
/// what came, instead of training on it, overflowing or answering wrongly.
/// </summary>
public sealed class InputCheckTests
{
    // ---- NaN and infinite values ------------------------------------------------------------------------------------

    [Fact]
    public void EnsureFinite_NamesTheSampleThePositionAndTheValue_OfAnInput()
    {
        float[] inputs = [1, 2, 3, 4, 5, float.NaN, 7, 8];
        var data = new Dataset<float>(inputs, [0, 1, 0, 1], inputLength: 2, targetLength: 1);

        var error = Assert.Throws<ArgumentException>(() => data.EnsureFinite("train"));

        Assert.Equal("train", error.ParamName);
        Assert.Contains("input value 1 of sample 2 is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureFinite_FindsAnInfiniteTarget()
    {
        var data = new Dataset<double>([1, 2, 3], [0, 1, 0, 1, double.NegativeInfinity, 0], inputLength: 1, targetLength: 2);

        var error = Assert.Throws<ArgumentException>(() => data.EnsureFinite());

        Assert.Contains("target value 0 of sample 2 is -Infinity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureFinite_AcceptsHugeFiniteValuesWhoseSumOverflows()
    {
        var inputs = Enumerable.Repeat(float.MaxValue, 10_000).ToArray();
        inputs[^1] = float.NaN;
        var withNaN = new Dataset<float>(inputs, new float[10_000], 1, 1);
        var huge = new Dataset<float>(Enumerable.Repeat(float.MaxValue, 10_000).ToArray(), new float[10_000], 1, 1);

        huge.EnsureFinite();
        var error = Assert.Throws<ArgumentException>(() => withNaN.EnsureFinite());
        Assert.Contains("sample 9999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureFinite_OnALargeDatasetSearchedByRuns_NamesTheFirstNonFiniteValue()
    {
        // 2 million values, searched in one run per thread: the first bad value is named whichever run finds a bad
        // value first, and a bad value in the last run alone is found too.
        const int samples = 2_000_000 / 784;
        var inputs = new float[samples * 784];
        inputs[^1] = float.PositiveInfinity;
        var lastOnly = new Dataset<float>((float[])inputs.Clone(), new float[samples], 784, 1);
        inputs[100 * 784 + 5] = float.NaN;
        var both = new Dataset<float>(inputs, new float[samples], 784, 1);

        Assert.Contains($"input value 783 of sample {samples - 1} is Infinity", Assert.Throws<ArgumentException>(() => lastOnly.EnsureFinite()).Message, StringComparison.Ordinal);
        Assert.Contains("input value 5 of sample 100 is NaN", Assert.Throws<ArgumentException>(() => both.EnsureFinite()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StandardizerFit_OnDataWithNaN_Throws_InsteadOfAMeanOfNaN()
    {
        var data = new Dataset<double>([1, 2, 3, double.NaN], [0, 0], inputLength: 2, targetLength: 1);

        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(data));

        Assert.Contains("input value 1 of sample 1 is NaN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Standardizer([0.0, double.NaN], [1.0, 1.0]));
    }

    // ---- Sizes that overflowed int ----------------------------------------------------------------------------------

    /// <summary>65 536 samples × 65 536 target values overflowed to 0, so an empty target array was accepted.</summary>
    [Fact]
    public void DatasetWhoseTargetCountOverflowsInt_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset<float>(new float[1 << 16], [], inputLength: 1, targetLength: 1 << 16));

        Assert.Equal("targets", error.ParamName);
        Assert.Contains("4294967296", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLabelsWhoseInputCountOverflowsInt_IsRefusedNamingTheLabels()
    {
        var error = Assert.Throws<ArgumentException>(() => Dataset<float>.FromLabels([], inputLength: 1 << 16, new int[1 << 16], classes: 2));

        Assert.Equal("labels", error.ParamName);
        Assert.Contains("4294967296", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The product wrapped to 0, the array was empty, and the first label wrote outside it.</summary>
    [Fact]
    public void OneHotEncodingLargerThanAnArray_IsRefused_NotAnIndexOutOfRange()
    {
        var error = Assert.Throws<ArgumentException>(() => OneHot.Encode<float>(new int[1 << 16], 1 << 16));

        Assert.Contains("4294967296", error.Message, StringComparison.Ordinal);
    }

    // ---- Datasets that do not fit the network -----------------------------------------------------------------------

    /// <summary>A dataset of 6 inputs per sample read by a 3-input network as twice as many samples: a silent wrong answer.</summary>
    [Fact]
    public void ConfusionMatrixOfADatasetOfAnotherInputLength_IsRefused()
    {
        INetwork<double> network = new IdentityMse(seed: 1);
        var data = new Dataset<double>(new double[4 * 6], new double[4 * 2], inputLength: 6, targetLength: 2);

        var error = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute(network, data));
        Assert.Contains("expected inputs of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("got inputs of 6", error.Message, StringComparison.Ordinal);

        var predict = Assert.Throws<ArgumentException>(() => network.PredictClasses(data));
        Assert.Equal("data", predict.ParamName);
    }

    [Fact]
    public void ConfusionMatrix_ClassOutOfRange_IsArgumentOutOfRange()
    {
        var matrix = new ConfusionMatrix([0, 1, 2], [0, 2, 2], classes: 3);

        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Recall(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Precision(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, 3]);
        Assert.Equal(1, matrix[1, 2]);
    }

    [Fact]
    public void EvaluateAndPredictClasses_RefuseABatchSizeBelowOne_AndAnEmptyDataset()
    {
        INetwork<double> network = new IdentityMse(seed: 1);
        var data = new Dataset<double>(new double[6], new double[4], 3, 2);

        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => network.EvaluateDataset(data, batchSize: 0)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => network.PredictClasses(data, batchSize: -1)).ParamName);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => network.EvaluateDataset(new Dataset<double>([], [], 3, 2))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FitOptions_BatchSizeAndEpochsBelowOne_AndAnEmptyDataset_AreRefused()
    {
        INetwork<double> network = new IdentityMse(seed: 1);
        var data = new Dataset<double>(new double[6], new double[4], 3, 2);

        Assert.Contains("BatchSize must be at least 1, got 0",
            Assert.Throws<ArgumentException>(() => network.Fit(data, new FitOptions { Optimizer = new Sgd(0.1), BatchSize = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("Epochs must be at least 1, got -2",
            Assert.Throws<ArgumentException>(() => network.Fit(data, new FitOptions { Optimizer = new Sgd(0.1), Epochs = -2 })).Message, StringComparison.Ordinal);
        Assert.Contains("empty",
            Assert.Throws<ArgumentException>(() => network.Fit(new Dataset<double>([], [], 3, 2), new FitOptions { Optimizer = new Sgd(0.1) })).Message, StringComparison.Ordinal);
    }

    // ---- Generated methods --------------------------------------------------------------------------------------------

    [Fact]
    public void GeneratedMethods_NameTheNetwork_AndBothLengths()
    {
        var network = new IdentityMse(seed: 1);

        var empty = Assert.Throws<ArgumentException>(() => network.PredictBatch([], []));
        Assert.Contains("IdentityMse.PredictBatch: the batch is empty", empty.Message, StringComparison.Ordinal);

        var partial = Assert.Throws<ArgumentException>(() => network.PredictBatch(new double[7], new double[4]));
        Assert.Contains("whole samples of 3 values, but holds 7 (2 samples and 1 values over)", partial.Message, StringComparison.Ordinal);

        var outputs = Assert.Throws<ArgumentException>(() => network.Evaluate(new double[6], new double[4], new double[3]));
        Assert.Equal("outputs", outputs.ParamName);

        var targets = Assert.Throws<ArgumentException>(() => network.TrainStep(new double[6], new double[5]));
        Assert.Contains("IdentityMse.TrainStep", targets.Message, StringComparison.Ordinal);
        Assert.Contains("holds 5", targets.Message, StringComparison.Ordinal);
    }

    // ---- Optimizers ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Optimizers_RefuseAnInfiniteEpsilon_OrLearningRate()
    {
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(epsilon: double.PositiveInfinity)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(epsilon: double.NaN)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(learningRate: -1e-3));
    }
}
