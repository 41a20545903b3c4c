using Ising;
using Xunit.Abstractions;

namespace NnGen.Tests.Ising;

/// <summary>
/// On a 2 × 2 or 3 × 3 lattice the Boltzmann distribution can be summed exactly over all 2^N states. Each update, and
/// the sampler, must reproduce it: ⟨u⟩, ⟨|m|⟩ and the probability of every energy level, within statistical error. A
/// wrong acceptance ratio or bond probability shifts these by many error bars.
/// </summary>
public sealed class DetailedBalanceTests(ITestOutputHelper output)
{
    /// <summary>Exact averages by enumeration; the energy H = −½ Σᵢ sᵢ Σ_(j nbr i) sⱼ, written independently of <see cref="Observables"/>.</summary>
    private static (double U, double AbsM, SortedDictionary<int, double> Levels) Enumerate(int l, double t)
    {
        var n = l * l;
        double z = 0, u = 0, absM = 0;
        var levels = new SortedDictionary<int, double>();
        for (var state = 0; state < 1 << n; state++)
        {
            int Spin(int r, int c) => ((state >> (((r + l) % l) * l + (c + l) % l)) & 1) == 1 ? 1 : -1;
            int twiceEnergy = 0, sum = 0;
            for (var r = 0; r < l; r++)
            {
                for (var c = 0; c < l; c++)
                {
                    sum += Spin(r, c);
                    twiceEnergy -= Spin(r, c) * (Spin(r - 1, c) + Spin(r + 1, c) + Spin(r, c - 1) + Spin(r, c + 1));
                }
            }

            var energy = twiceEnergy / 2;
            var weight = Math.Exp(-energy / t);
            z += weight;
            u += weight * energy / n;
            absM += weight * Math.Abs(sum) / (double)n;
            levels[energy] = levels.GetValueOrDefault(energy) + weight;
        }

        foreach (var key in levels.Keys.ToArray()) levels[key] /= z;
        return (u / z, absM / z, levels);
    }

    public static TheoryData<string, int, double> Cases => new()
    {
        // Not Metropolis alone: at L = 2 and 3 a few states form closed 2-cycles of the fixed-order sweep (see
        // MetropolisTests), so it samples the Boltzmann distribution restricted to the other states, which is measurably
        // different. Its acceptance rule is tested flip by flip instead, and inside the sampler here.
        { "Wolff", 2, 2.0 }, { "Wolff", 3, 2.0 }, { "Wolff", 3, 3.5 },
        { "Sampler", 2, 2.0 }, { "Sampler", 3, 2.0 }, { "Sampler", 3, 3.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void UpdatesAndSampler_ReproduceTheExactBoltzmannDistribution(string update, int l, double t)
    {
        const int chains = 16, perChain = 4000;
        var exact = Enumerate(l, t);
        var n = l * l;

        // Per chain, a series of states after each update (Wolff: one cluster; sampler: its sweep).
        var states = new List<sbyte[]>[chains];
        if (update == "Sampler")
        {
            var samples = Sampler.Sample(new SamplerOptions(l, [t], chains * perChain, chains, ThermalizationSweeps: 50, SweepsBetweenSamples: 1, Seed: 77));
            for (var c = 0; c < chains; c++) states[c] = [];
            for (var i = 0; i < samples.Count; i++)
                states[samples.Chains[i]].Add([.. samples.Configuration(i).ToArray().Select(v => (sbyte)v)]);
        }
        else
        {
            Parallel.For(0, chains, c =>
            {
                var rng = new Rng(1000 + (ulong)c);
                var lattice = Lattice.Random(l, rng);
                states[c] = [];
                for (var i = 0; i < 50 + perChain; i++)
                {
                    Wolff.Step(lattice, 1 / t, rng);
                    if (i >= 50) states[c].Add(lattice.Spins.ToArray());
                }
            });
        }

        void Compare(string what, Func<sbyte[], double> observable, double expected)
        {
            var estimate = ChainStatistics.FromChains([.. states.Select(s => s.Select(observable).ToArray())]);
            var message = $"{update}, L = {l}, T = {t}: {what} = {estimate}, exact {expected:F5}";
            output.WriteLine(message);
            Assert.True(estimate.Error < 0.01, "Too few samples for a sharp test: " + message);
            Assert.True(Math.Abs(estimate.Mean - expected) <= 4.5 * estimate.Error, message);
        }

        Compare("⟨u⟩", s => Observables.EnergyPerSpin(s, l), exact.U);
        Compare("⟨|m|⟩", s => Math.Abs(Observables.Magnetization(s)), exact.AbsM);
        foreach (var (energy, probability) in exact.Levels)
        {
            if (probability < 1e-3) continue; // too rare to estimate
            Compare($"P(E = {energy})", s => Math.Round(Observables.EnergyPerSpin(s, l) * n) == energy ? 1 : 0, probability);
        }
    }
}
