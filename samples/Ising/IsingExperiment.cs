using System.Diagnostics;
using System.Globalization;

namespace Ising;

/// <summary>Everything the experiment found, for every lattice size.</summary>
public sealed record ExperimentResult(IReadOnlyList<PhaseResult> Phases, IReadOnlyList<TemperatureResult> TemperatureClassifiers, TimeSpan Elapsed);

/// <summary>Samples each lattice size, trains the networks, writes the table and the figures.</summary>
public static class IsingExperiment
{
    public static ExperimentResult Run(ExperimentOptions options, string outputDirectory, TextWriter log, bool saveSamples = false)
    {
        var clock = Stopwatch.StartNew();
        List<PhaseResult> phases = [];
        List<TemperatureResult> temperatures = [];
        foreach (var size in options.Sizes)
        {
            var samples = Sample(size, options, log);
            if (saveSamples)
            {
                var folder = Path.Combine(outputDirectory, $"samples-L{size}");
                samples.Save(folder);
                log.WriteLine($"  saved the configurations as .npy files in {folder}");
            }
            phases.Add(PhaseExperiment.Run(samples, options, log));
            temperatures.Add(TemperatureExperiment.Run(samples, options, log));
        }

        Plots.PhaseDiagram(phases, Path.Combine(outputDirectory, "p-ordered.png"));
        Plots.WeightOrderParameter(temperatures, Path.Combine(outputDirectory, "weight-order-parameter.png"));
        return new ExperimentResult(phases, temperatures, clock.Elapsed);
    }

    private static IsingSamples Sample(int size, ExperimentOptions options, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var sampler = new SamplerOptions(size, options.Temperatures, options.ConfigurationsPerTemperature, options.Chains,
            options.ThermalizationSweeps, options.SweepsBetweenSamples, options.Seed + (ulong)size);
        var samples = Sampler.Sample(sampler, new SamplingLine(log, size));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  L = {size}: {samples.Count} configurations at {options.Temperatures.Count} temperatures in {clock.Elapsed.TotalSeconds:F1} s"));
        return samples;
    }

    /// <summary>A progress line for sampling: redrawn in place on a terminal, only the last state when redirected.</summary>
    private sealed class SamplingLine(TextWriter log, int size) : IProgress<SamplingProgress>
    {
        private readonly object _gate = new();

        public void Report(SamplingProgress value)
        {
            if (Console.IsOutputRedirected || log != Console.Out) return;
            lock (_gate) Console.Write($"\r  sampling L = {size}: {value.ChainsDone}/{value.ChainsTotal} chains");
            if (value.ChainsDone == value.ChainsTotal) lock (_gate) Console.Write("\r" + new string(' ', 60) + "\r");
        }
    }
}
