using Ising;
using Xunit.Abstractions;

namespace NnGen.Tests.Ising;

/// <summary>
/// The Monte Carlo reproduces Onsager's exact results on a 32 × 32 lattice. Where finite-size corrections are far below
/// 1 % (T = 1.8 and 2.0 well below T_c, T = 3.0 well above, correlation lengths of a few sites), agreement within 1 % with
/// a statistical error of about 0.1 % leaves no room for a wrong acceptance rule or a biased update.
/// </summary>
public sealed class MonteCarloTests(ITestOutputHelper output)
{
    private const int L = 32;

    private void Check(string what, Estimate measured, double exact)
    {
        var message = $"L = {L}, {what}: measured {measured}, exact {exact:F5}, off by {100 * (measured.Mean / exact - 1):+0.000;-0.000} % (statistical error {100 * measured.Error / Math.Abs(exact):F3} %).";
        output.WriteLine(message);
        Assert.True(measured.Error < 0.002 * Math.Abs(exact), "The statistical error is too large for a 1 % test: " + message);
        Assert.True(Math.Abs(measured.Mean - exact) < 0.01 * Math.Abs(exact), message);
    }

    [Theory]
    [InlineData(1.8)]
    [InlineData(2.0)]
    public void Sampler_MeanAbsMagnetization_IsOnsagerYangs(double t)
    {
        var samples = Sampler.Sample(new SamplerOptions(L, [t], ConfigurationsPerTemperature: 3200, Chains: 16, ThermalizationSweeps: 200, SweepsBetweenSamples: 1, Seed: 2017));
        var m = ChainStatistics.Of(samples, s => Math.Abs(Observables.Magnetization(s)));
        Assert.Equal(m.Mean, samples.MeanAbsMagnetization(t), tolerance: 1e-12);
        Check($"T = {t}, sampler ⟨|m|⟩ vs Onsager–Yang M", m, Exact.SpontaneousMagnetization(t));
    }

    [Fact]
    public void Sampler_EnergyAtT3_IsOnsagers()
    {
        var samples = Sampler.Sample(new SamplerOptions(L, [3.0], ConfigurationsPerTemperature: 3200, Chains: 16, ThermalizationSweeps: 200, SweepsBetweenSamples: 1, Seed: 2018));
        var u = ChainStatistics.Of(samples, s => Observables.EnergyPerSpin(s, L));
        Assert.Equal(u.Mean, samples.MeanEnergyPerSpin(3.0), tolerance: 1e-12);
        Check("T = 3, sampler ⟨u⟩ vs Onsager", u, Exact.EnergyPerSpin(3.0));
    }

    [Fact]
    public void MetropolisAlone_EnergyAtT3_IsOnsagers()
    {
        var u = ChainStatistics.Run(
            chains: 16, L, seed: 31, thermalization: 200, measurements: 1000,
            (lattice, rng) => Metropolis.Sweep(lattice, 1 / 3.0, rng), lattice => lattice.EnergyPerSpin);
        Check("T = 3, Metropolis alone ⟨u⟩ vs Onsager", u, Exact.EnergyPerSpin(3.0));
    }

    [Fact]
    public void WolffAlone_EnergyAtT3_IsOnsagers()
    {
        // 100 clusters of ⟨|C|⟩ ≈ 12 sites flip about one lattice's worth of spins between measurements.
        var u = ChainStatistics.Run(
            chains: 16, L, seed: 41, thermalization: 100, measurements: 600,
            (lattice, rng) => { for (var k = 0; k < 100; k++) Wolff.Step(lattice, 1 / 3.0, rng); }, lattice => lattice.EnergyPerSpin);
        Check("T = 3, Wolff alone ⟨u⟩ vs Onsager", u, Exact.EnergyPerSpin(3.0));
    }
}
