using NnGen;
using Samples;

namespace Iris;

/// <summary>Fisher's iris: four measurements in cm, three species; one hidden layer of tanh units.</summary>
[Input(4)]
[Dense(8), Activation(Act.Tanh)]
[Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class IrisNet;

public static class IrisLesson
{
    /// <summary>
    /// Holds out a fifth of the flowers (seeded), standardizes the features with the training part's mean and standard
    /// deviation, trains with Adam, and reports accuracy on the held-out flowers.
    /// </summary>
    public static ClassificationResult Train(ulong seed = 1, int epochs = 100, bool verbose = false)
    {
        var (train, test) = NnGen.Iris.Load<float>().Split(0.2, seed);
        var standardizer = Standardizer.Fit(train.Dataset);
        return Classification.Run("4-8-3 tanh, Adam 0.01", new IrisNet(seed: (int)seed),
            Standardized(train, standardizer), Standardized(test, standardizer),
            new FitOptions { Epochs = epochs, BatchSize = 16, Optimizer = new Adam(0.01), Seed = seed, Progress = verbose ? new ConsoleProgress { Every = 50 } : null });
    }

    /// <summary>
    /// Test accuracy over <paramref name="splits"/> different held-out fifths: 30 test flowers make one split's
    /// accuracy move in steps of 3.3 %, so the mean over many is the fair figure.
    /// </summary>
    public static IReadOnlyList<double> AccuracyOverSplits(int splits = 20) =>
        Enumerable.Range(1, splits).Select(seed => Train((ulong)seed).TestAccuracy).ToList();

    private static LabeledDataset<float> Standardized(LabeledDataset<float> data, Standardizer standardizer) =>
        new(standardizer.Transform(data.Dataset), data.Labels.ToArray(), data.ClassNames, data.FeatureNames);
}
