namespace NnGen.Plots.Tests.Support;

/// <summary>Real histories from short fits of <see cref="TinyDenseNetwork"/> on made-up data.</summary>
public static class Histories
{
    /// <summary>y = 2x − 1 on 32 points, no validation set: accuracies and validation values are all null.</summary>
    public static History Regression(int epochs = 8)
    {
        var inputs = Enumerable.Range(0, 32).Select(i => i / 16.0 - 1).ToArray();
        var targets = inputs.Select(x => 2 * x - 1).ToArray();
        var network = new TinyDenseNetwork(1, 1, LossKind.MeanSquaredError);
        return network.Fit(new Dataset<double>(inputs, targets, 1, 1), new FitOptions { Epochs = epochs, BatchSize = 8, Optimizer = new Sgd(0.1) });
    }

    /// <summary>Three separable classes in 2-D with a 25 % validation split: every field of every report is set.</summary>
    public static History ClassificationWithValidation(int epochs = 6)
    {
        const int perClass = 20;
        var inputs = new double[3 * perClass * 2];
        var labels = new int[3 * perClass];
        for (var i = 0; i < labels.Length; i++)
        {
            var c = i % 3;
            var angle = 2 * Math.PI * c / 3;
            labels[i] = c;
            inputs[2 * i] = Math.Cos(angle) + 0.7 * Math.Sin(7.1 * i);
            inputs[2 * i + 1] = Math.Sin(angle) + 0.7 * Math.Cos(5.3 * i);
        }

        var network = new TinyDenseNetwork(2, 3, LossKind.CrossEntropy);
        var options = new FitOptions { Epochs = epochs, BatchSize = 10, Optimizer = new Sgd(0.05), ValidationSplit = 0.25, Seed = 1 };
        return network.Fit(Dataset<double>.FromLabels(inputs, 2, labels, 3), options);
    }
}
