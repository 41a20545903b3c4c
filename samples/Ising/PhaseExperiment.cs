using NnGen;

namespace Ising;

/// <summary>
/// One lattice size of the classroom experiment: networks learn "ordered" from T ≤ 2.0 and "disordered" from
/// T ≥ 2.6 only, then see every temperature; T* is where their mean P(ordered) crosses ½.
/// </summary>
/// <param name="L">The lattice size.</param>
/// <param name="Temperatures">The temperature grid.</param>
/// <param name="POrdered">Mean P(ordered) over the test configurations, per seed (rows) and temperature (columns).</param>
/// <param name="TStars">Each seed's crossing temperature (NaN where its curve never crosses ½).</param>
/// <param name="ValidationAccuracy">Each seed's accuracy on the validation chains of the training temperatures.</param>
public sealed record PhaseResult(int L, IReadOnlyList<double> Temperatures, double[][] POrdered, double[] TStars, double[] ValidationAccuracy)
{
    /// <summary>P(ordered) per temperature, averaged over the seeds.</summary>
    public double[] MeanPOrdered => Enumerable.Range(0, Temperatures.Count).Select(t => POrdered.Average(seed => seed[t])).ToArray();

    /// <summary>The spread (standard deviation) of P(ordered) over the seeds, per temperature.</summary>
    public double[] SpreadPOrdered => Enumerable.Range(0, Temperatures.Count).Select(t => StandardDeviation(POrdered.Select(seed => seed[t]))).ToArray();

    /// <summary>T* averaged over the seeds whose curve crosses ½.</summary>
    public double TStar => TStars.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The error bar of T*: the standard error of the mean over the seeds.</summary>
    public double TStarError
    {
        get
        {
            var crossing = TStars.Where(double.IsFinite).ToList();
            return crossing.Count < 2 ? double.NaN : StandardDeviation(crossing) / Math.Sqrt(crossing.Count);
        }
    }

    /// <summary>|T* − T_c| / T_c.</summary>
    public double RelativeDeviation => Math.Abs(TStar - Exact.CriticalTemperature) / Exact.CriticalTemperature;

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count < 2) return 0;
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1));
    }
}

public static class PhaseExperiment
{
    public static PhaseResult Run(IsingSamples samples, ExperimentOptions options, TextWriter? log = null)
    {
        var split = SampleSplit.ByChain(samples);
        var labelled = (IReadOnlyList<int> indices) => indices.Where(i => Label(samples.Temperatures[i], options) is not null).ToList();
        var train = Datasets.Build(samples, labelled(split.Train), 2, i => Label(samples.Temperatures[i], options)!.Value, withFlips: true);
        var validation = Datasets.Build(samples, labelled(split.Validation), 2, i => Label(samples.Temperatures[i], options)!.Value, withFlips: false);

        var temperatures = options.Temperatures;
        var pOrdered = new double[options.Seeds][];
        var tStars = new double[options.Seeds];
        var accuracies = new double[options.Seeds];
        for (var seed = 1; seed <= options.Seeds; seed++)
        {
            var network = IsingNetworks.Phase(samples.L, seed);
            network.Fit(train, new FitOptions
            {
                Epochs = options.Epochs,
                BatchSize = 32,
                Optimizer = new Adam(1e-3),
                Validation = validation,
                EarlyStopping = new EarlyStopping(patience: 4),
                Seed = options.Seed + (ulong)seed,
            });
            accuracies[seed - 1] = network.EvaluateDataset(validation).Accuracy ?? double.NaN;
            pOrdered[seed - 1] = MeanPOrdered(network, samples, split.Test, temperatures);
            tStars[seed - 1] = Crossing.Downward(temperatures, pOrdered[seed - 1], 0.5) ?? double.NaN;
            log?.WriteLine($"  L = {samples.L}, network {seed}/{options.Seeds}: validation accuracy {accuracies[seed - 1]:P1}, T* = {tStars[seed - 1]:F3}");
        }
        return new PhaseResult(samples.L, temperatures, pOrdered, tStars, accuracies);
    }

    /// <summary>0 (ordered) at or below OrderedBelow, 1 (disordered) at or above DisorderedAbove, null in between.</summary>
    private static int? Label(double temperature, ExperimentOptions options) =>
        temperature <= options.OrderedBelow + 1e-9 ? 0 : temperature >= options.DisorderedAbove - 1e-9 ? 1 : null;

    /// <summary>The network's P(ordered) (output 0) averaged over the test configurations of each temperature.</summary>
    private static double[] MeanPOrdered(INetwork<float> network, IsingSamples samples, IReadOnlyList<int> test, IReadOnlyList<double> temperatures)
    {
        var sums = new double[temperatures.Count];
        var counts = new int[temperatures.Count];
        Span<float> output = stackalloc float[2];
        foreach (var i in test)
        {
            var t = Datasets.TemperatureIndex(temperatures, samples.Temperatures[i]);
            network.Predict(samples.Configuration(i), output);
            sums[t] += output[0];
            counts[t]++;
        }
        return sums.Select((sum, t) => counts[t] == 0 ? double.NaN : sum / counts[t]).ToArray();
    }
}
