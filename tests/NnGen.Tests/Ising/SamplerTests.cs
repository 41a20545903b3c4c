using Ising;

namespace NnGen.Tests.Ising;

public sealed class SamplerTests
{
    private static readonly double[] Temperatures = [1.5, Exact.CriticalTemperature, 3.0];

    private static SamplerOptions Small(ulong seed = 9) =>
        new(L: 8, Temperatures, ConfigurationsPerTemperature: 10, Chains: 4, ThermalizationSweeps: 20, SweepsBetweenSamples: 2, seed);

    [Fact]
    public void SameSeed_GivesBitIdenticalSamples_WithOneThreadAndWithAll()
    {
        var one = Sampler.Sample(Small() with { MaxDegreeOfParallelism = 1 });
        var all = Sampler.Sample(Small() with { MaxDegreeOfParallelism = -1 });
        var three = Sampler.Sample(Small() with { MaxDegreeOfParallelism = 3 });
        foreach (var other in new[] { all, three })
        {
            Assert.Equal(one.Configurations, other.Configurations);
            Assert.Equal(one.Temperatures, other.Temperatures);
            Assert.Equal(one.Chains, other.Chains);
        }
    }

    [Fact]
    public void DifferentSeeds_GiveDifferentSamples()
    {
        Assert.NotEqual(Sampler.Sample(Small(1)).Configurations, Sampler.Sample(Small(2)).Configurations);
    }

    [Fact]
    public void Layout_IsByTemperature_ThenChain_WithUniqueChainIds_AndTheConfigurationsSharedOut()
    {
        // 10 configurations over 4 chains: 3, 3, 2, 2.
        var samples = Sampler.Sample(Small());
        Assert.Equal(8, samples.L);
        Assert.Equal(30, samples.Count);
        Assert.Equal(30 * 64, samples.Configurations.Length);
        Assert.Equal(Temperatures.SelectMany(t => Enumerable.Repeat(t, 10)), samples.Temperatures);
        int[] perTemperature = [0, 0, 0, 1, 1, 1, 2, 2, 3, 3];
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(t => perTemperature.Select(c => 4 * t + c)), samples.Chains);
        Assert.Equal(Temperatures, samples.DistinctTemperatures);
    }

    [Fact]
    public void ChainSeeds_AreDistinct()
    {
        var seeds = new HashSet<ulong>();
        for (var t = 0; t < 100; t++)
            for (var c = 0; c < 100; c++)
                Assert.True(seeds.Add(Sampler.ChainSeed(42, t, c)), $"Chain ({t}, {c}) repeats a seed.");
        Assert.NotEqual(Sampler.ChainSeed(1, 0, 0), Sampler.ChainSeed(2, 0, 0));
    }

    [Fact]
    public void ChainsStart_OrderedBelowTc_AndRandomAboveIt()
    {
        // No thermalization: the first configuration is one sweep from the start. At T = 1 one sweep cannot order a
        // random lattice, and at T = 20 it cannot disorder an ordered one.
        var options = new SamplerOptions(16, [1.0, 20.0], ConfigurationsPerTemperature: 16, Chains: 16, ThermalizationSweeps: 0, SweepsBetweenSamples: 1, Seed: 3);
        var samples = Sampler.Sample(options);
        var cold = Enumerable.Range(0, 16).Select(i => Observables.Magnetization(samples.Configuration(i))).ToArray();
        var hot = Enumerable.Range(16, 16).Select(i => Observables.Magnetization(samples.Configuration(i))).ToArray();
        Assert.All(cold, m => Assert.True(Math.Abs(m) > 0.95, $"T = 1 after one sweep: m = {m}; expected an ordered start."));
        Assert.Contains(cold, m => m > 0);
        Assert.Contains(cold, m => m < 0);
        Assert.All(hot, m => Assert.True(Math.Abs(m) < 0.3, $"T = 20 after one sweep: m = {m}; expected a random start."));
    }

    [Fact]
    public void Progress_CountsEveryChain_OneReportAtATime_InOrder()
    {
        var reports = new List<SamplingProgress>(); // not thread-safe on purpose: the sampler must serialize its reports
        var options = new SamplerOptions(4, [1.0, 2.0, 3.0], ConfigurationsPerTemperature: 8, Chains: 8, ThermalizationSweeps: 5, SweepsBetweenSamples: 1, Seed: 1);
        Sampler.Sample(options, new SynchronousProgress<SamplingProgress>(reports.Add));
        Assert.Equal(Enumerable.Range(1, 24).Select(i => new SamplingProgress(i, 24)), reports);
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void Cancellation_StopsTheSampling()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Sampler.Sample(Small(), cancellationToken: cancelled.Token));

        // Cancelled while every chain is in its million sweeps of thermalization (about 20 s each): they stop within a
        // sweep. The bound leaves room for a thread pool that other tests running beside this one keep busy (it failed
        // once at 5 s in a full run); chains that ran on would take 40 s.
        using var midway = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var options = new SamplerOptions(16, [2.0, 2.5], ConfigurationsPerTemperature: 4, Chains: 2, ThermalizationSweeps: 1_000_000, SweepsBetweenSamples: 1, Seed: 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => Sampler.Sample(options, cancellationToken: midway.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Cancelling took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    public static TheoryData<SamplerOptions, string> BadOptions => new()
    {
        { new(1, [2.0], 10, 2, 0, 1, 0), "SamplerOptions.L must lie in [2, 46340], but is 1" },
        { new(8, [], 10, 2, 0, 1, 0), "SamplerOptions.Temperatures must hold at least one temperature" },
        { new(8, [2.0, 0.0], 10, 2, 0, 1, 0), "SamplerOptions.Temperatures[1] is 0" },
        { new(8, [double.NaN], 10, 2, 0, 1, 0), "SamplerOptions.Temperatures[0] is NaN" },
        { new(8, [2.0], 0, 1, 0, 1, 0), "SamplerOptions.ConfigurationsPerTemperature must be at least 1, but is 0" },
        { new(8, [2.0], 10, 11, 0, 1, 0), "SamplerOptions.Chains must lie in [1, ConfigurationsPerTemperature = 10]" },
        { new(8, [2.0], 10, 0, 0, 1, 0), "SamplerOptions.Chains must lie in [1, ConfigurationsPerTemperature = 10]" },
        { new(8, [2.0], 10, 2, -1, 1, 0), "SamplerOptions.ThermalizationSweeps must be at least 0, but is -1" },
        { new(8, [2.0], 10, 2, 0, 0, 0), "SamplerOptions.SweepsBetweenSamples must be at least 1, but is 0" },
        { new(8, [2.0], 10, 2, 0, 1, 0) { MaxDegreeOfParallelism = 0 }, "SamplerOptions.MaxDegreeOfParallelism must be -1 (every core) or at least 1, but is 0" },
        { new(46340, [1, 2, 3], 1000, 1, 0, 1, 0), "more than one array holds" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptions_AreNamedInTheMessage(SamplerOptions options, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Sampler.Sample(options));
        Assert.Contains(message, error.Message);
    }

    /// <summary>Calls the handler on the reporting thread, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
