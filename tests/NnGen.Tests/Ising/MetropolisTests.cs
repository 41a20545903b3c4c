using Ising;

namespace NnGen.Tests.Ising;

public sealed class MetropolisTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void AtInfiniteTemperature_EveryFlipIsAccepted_SoASweepNegatesTheLattice(int l)
    {
        var lattice = Lattice.Random(l, new Rng(1));
        var before = lattice.Spins.ToArray();
        Metropolis.Sweep(lattice, beta: 0, new Rng(2));
        Assert.Equal(before.Select(s => (sbyte)-s), lattice.Spins.ToArray());
    }

    [Fact]
    public void AtVeryLowTemperature_TheEnergyNeverRises()
    {
        // e^(−4β) = e^(−200): no flip that costs energy is accepted.
        var lattice = Lattice.Random(16, new Rng(3));
        var rng = new Rng(4);
        var energy = lattice.EnergyPerSpin;
        for (var sweep = 0; sweep < 50; sweep++)
        {
            Metropolis.Sweep(lattice, beta: 50, rng);
            Assert.True(lattice.EnergyPerSpin <= energy, $"Sweep {sweep}: the energy rose from {energy} to {lattice.EnergyPerSpin}.");
            energy = lattice.EnergyPerSpin;
        }

        Assert.True(energy < -1.5, $"A quench should remove most broken bonds; u = {energy}.");
    }

    [Fact]
    public void FlipsAreAcceptedWithProbabilityMin1ExpMinusBetaDeltaE()
    {
        // From the ordered state the black sites (r + c even) go first, each with four + neighbours: ΔE = 8, accepted
        // with e^(−8β). A white site then sees k flipped black neighbours: ΔE = 8 − 4k, accepted with e^(−8β), e^(−4β)
        // or always (k ≥ 2). Black sites are not visited again, so after the sweep each white site's k can be counted.
        const double beta = 0.25;
        const int l = 64;
        var rng = new Rng(5);
        var tried = new long[4];   // black; white with k = 0; white with k = 1; white with k ≥ 2
        var accepted = new long[4];
        for (var trial = 0; trial < 20; trial++)
        {
            var lattice = Lattice.Ordered(l);
            Metropolis.Sweep(lattice, beta, rng);
            for (var r = 0; r < l; r++)
            {
                for (var c = 0; c < l; c++)
                {
                    int kind;
                    if (((r + c) & 1) == 0)
                    {
                        kind = 0;
                    }
                    else
                    {
                        var k = (lattice[(r + 1) % l, c] < 0 ? 1 : 0) + (lattice[(r + l - 1) % l, c] < 0 ? 1 : 0)
                              + (lattice[r, (c + 1) % l] < 0 ? 1 : 0) + (lattice[r, (c + l - 1) % l] < 0 ? 1 : 0);
                        kind = 1 + Math.Min(k, 2);
                    }

                    tried[kind]++;
                    if (lattice[r, c] < 0) accepted[kind]++;
                }
            }
        }

        double[] expected = [Math.Exp(-8 * beta), Math.Exp(-8 * beta), Math.Exp(-4 * beta), 1];
        string[] names = ["black, ΔE = 8", "white, ΔE = 8", "white, ΔE = 4", "white, ΔE ≤ 0"];
        for (var kind = 0; kind < 4; kind++)
        {
            var rate = (double)accepted[kind] / tried[kind];
            var sigma = Math.Sqrt(expected[kind] * (1 - expected[kind]) / tried[kind]);
            Assert.True(
                Math.Abs(rate - expected[kind]) <= 5 * sigma + 1e-12,
                $"{names[kind]}: accepted {accepted[kind]} of {tried[kind]} = {rate:F4}, expected {expected[kind]:F4} ± {sigma:F4}.");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void AloneOnStripesOfWidthOne_EveryFlipCostsNothing_SoTheSweepCyclesDeterministically(int l)
    {
        // Columns alternating + and −: each site sees two opposite and two equal neighbours (ΔE = 0), and after the black
        // half-sweep the white sites again see ΔE = 0. So every flip is accepted and the sweep negates the lattice:
        // whatever the temperature, Metropolis alone never leaves these states. The sampler's Wolff steps do.
        var stripes = Lattice.FromSpins(l, [.. Enumerable.Range(0, l * l).Select(i => (sbyte)(i % 2 == 0 ? 1 : -1))]);
        var rng = new Rng(8);
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var before = stripes.Spins.ToArray();
            Metropolis.Sweep(stripes, beta: 0.4, rng);
            Assert.Equal(before.Select(s => (sbyte)-s), stripes.Spins.ToArray());
        }

        var rescued = false;
        for (var step = 0; step < 100 && !rescued; step++)
        {
            MetropolisWolff.Sweep(stripes, beta: 0.4, rng, clusters: 1);
            rescued = stripes.EnergyPerSpin != 0;
        }

        Assert.True(rescued, "Wolff clusters should take the lattice out of the stripe states.");
    }

    [Theory]
    [InlineData("-+-++----", "+-+--++++")]
    [InlineData("--+-++++-", "++-+----+")]
    public void AloneOnThreeByThree_SomeStatesFormAClosedTwoCycle(string state, string partner)
    {
        // Found by enumerating the sweep's 512 × 512 transition matrix: every flip in the sweep has ΔE = 0.
        static sbyte[] Spins(string s) => [.. s.Select(c => (sbyte)(c == '+' ? 1 : -1))];
        var lattice = Lattice.FromSpins(3, Spins(state));
        var rng = new Rng(9);
        for (var sweep = 0; sweep < 50; sweep++)
        {
            Metropolis.Sweep(lattice, beta: 0.3, rng);
            Assert.Equal(Spins(sweep % 2 == 0 ? partner : state), lattice.Spins.ToArray());
        }
    }

    [Fact]
    public void Sweep_AllocatesNothing()
    {
        var lattice = Lattice.Random(32, new Rng(6));
        var rng = new Rng(7);
        Metropolis.Sweep(lattice, 0.44, rng);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Metropolis.Sweep(lattice, 0.44, rng);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadBeta_Throws(double beta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Metropolis.Sweep(Lattice.Ordered(4), beta, new Rng(1)));
}
