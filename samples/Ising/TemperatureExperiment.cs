using NnGen;

namespace Ising;

/// <summary>
/// Tanaka &amp; Tomiya's variant: the network learns which temperature a configuration came from (one class per
/// temperature, all temperatures). The sum of the final Dense layer's weights for each class, W(T) = Σⱼ W[T, j],
/// plotted against T, is the order parameter they introduced: flat on each side, it changes character at T_c.
/// </summary>
/// <param name="L">The lattice size.</param>
/// <param name="Temperatures">The temperature classes.</param>
/// <param name="WeightSums">W(T) for each temperature class.</param>
/// <param name="TestAccuracy">How often the exact temperature is named on the test chains (26 classes: chance is 4 %).</param>
public sealed record TemperatureResult(int L, IReadOnlyList<double> Temperatures, double[] WeightSums, double TestAccuracy)
{
    /// <summary>
    /// Where W(T) changes character: the breakpoint of the best continuous two-segment line through it for T ≥ 1.5
    /// (least squares over breakpoints 0.01 apart). Below 1.5 nearly every spin is aligned, the classes cannot be told
    /// apart and their weights carry no information about the temperature, so they are left out of the fit.
    /// </summary>
    public double ChangeTemperature
    {
        get
        {
            var fitted = Enumerable.Range(0, Temperatures.Count).Where(i => Temperatures[i] >= FitFrom - 1e-9).ToList();
            return Breakpoint.Fit(fitted.Select(i => Temperatures[i]).ToList(), fitted.Select(i => WeightSums[i]).ToList());
        }
    }

    /// <summary>The lowest temperature the breakpoint fit uses.</summary>
    public const double FitFrom = 1.5;
}

public static class TemperatureExperiment
{
    public static TemperatureResult Run(IsingSamples samples, ExperimentOptions options, TextWriter? log = null)
    {
        var split = SampleSplit.ByChain(samples);
        var temperatures = options.Temperatures;
        var classOf = (int i) => Datasets.TemperatureIndex(temperatures, samples.Temperatures[i]);
        var train = Datasets.Build(samples, split.Train, temperatures.Count, classOf, withFlips: true);
        var validation = Datasets.Build(samples, split.Validation, temperatures.Count, classOf, withFlips: false);
        var test = Datasets.Build(samples, split.Test, temperatures.Count, classOf, withFlips: false);

        var network = IsingNetworks.Temperature(samples.L, seed: 1);
        network.Fit(train, new FitOptions
        {
            Epochs = options.Epochs,
            BatchSize = 32,
            Optimizer = new Adam(1e-3),
            Validation = validation,
            EarlyStopping = new EarlyStopping(patience: 4),
            Seed = options.Seed,
        });

        var weights = network.ParameterTensors[^2];
        var (classes, inputs) = (weights.Shape[0], weights.Shape[1]);
        var sums = new double[classes];
        for (var c = 0; c < classes; c++)
            sums[c] = System.Numerics.Tensors.TensorPrimitives.Sum<float>(network.Parameters.Slice(weights.Offset + c * inputs, inputs));
        var accuracy = network.EvaluateDataset(test).Accuracy ?? double.NaN;
        var result = new TemperatureResult(samples.L, temperatures, sums, accuracy);
        log?.WriteLine($"  L = {samples.L}, temperature classifier: test accuracy {accuracy:P1} (chance {1.0 / classes:P1}); W(T) changes character at T = {result.ChangeTemperature:F2}");
        return result;
    }
}
