using System.Diagnostics;
using NnGen;

namespace Samples;

/// <summary>What a classification run reached on its test set.</summary>
/// <param name="Name">The network, as the sample names it.</param>
/// <param name="TestAccuracy">The fraction of test samples classified right after the last epoch.</param>
/// <param name="Confusion">Counts of (actual, predicted) classes on the test set.</param>
/// <param name="History">Loss and accuracy per epoch.</param>
/// <param name="SecondsPerEpoch">Wall-clock time of Fit per epoch (its end-of-epoch evaluation included).</param>
public sealed record ClassificationResult(string Name, double TestAccuracy, ConfusionMatrix Confusion, History History, double SecondsPerEpoch)
{
    /// <summary>Prints the accuracy line and the confusion matrix.</summary>
    public void Print(TextWriter? writer = null)
    {
        writer ??= Console.Out;
        writer.WriteLine($"{Name}: test accuracy {TestAccuracy:P2} after {History.Count} epochs, {SecondsPerEpoch:F1} s per epoch");
        writer.WriteLine(Confusion);
    }

    /// <summary>Prints the result, then saves its figures (<see cref="SaveFigures"/>).</summary>
    public void Report(string folder, string name)
    {
        Print();
        SaveFigures(folder, name);
    }

    /// <summary>Saves the training curves and the test-set confusion matrix as <c>{folder}/{name}-curves.png</c> and <c>-confusion.png</c>.</summary>
    public void SaveFigures(string folder, string name, TextWriter? writer = null)
    {
        var curves = Path.Combine(folder, $"{name}-curves.png");
        var confusion = Path.Combine(folder, $"{name}-confusion.png");
        History.SaveTrainingCurves(curves, title: Name);
        Confusion.SaveImage(confusion, title: $"{Name}: test accuracy {TestAccuracy:P2}");
        (writer ?? Console.Out).WriteLine($"wrote {curves} and {confusion}");
    }
}

/// <summary>Trains a classifier, then measures it on a test set the training never saw.</summary>
public static class Classification
{
    public static ClassificationResult Run<T>(string name, INetwork<T> network, LabeledDataset<T> train, LabeledDataset<T> test, FitOptions options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var clock = Stopwatch.StartNew();
        var history = network.Fit(train.Dataset, options);
        clock.Stop();

        var confusion = ConfusionMatrix.Compute(network, test.Dataset, test.ClassNames);
        return new ClassificationResult(name, confusion.Accuracy, confusion, history, clock.Elapsed.TotalSeconds / history.Count);
    }
}
