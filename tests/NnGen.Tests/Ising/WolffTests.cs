using Ising;

namespace NnGen.Tests.Ising;

public sealed class WolffTests
{
    [Fact]
    public void AtInfiniteTemperature_TheClusterIsTheSeedAlone()
    {
        // p_add = 1 − e⁰ = 0.
        var lattice = Lattice.Random(8, new Rng(1));
        var rng = new Rng(2);
        for (var step = 0; step < 20; step++)
        {
            var before = lattice.Spins.ToArray();
            Assert.Equal(1, Wolff.Step(lattice, beta: 0, rng));
            Assert.Equal(1, before.Zip(lattice.Spins.ToArray()).Count(p => p.First != p.Second));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    public void AtVeryLowTemperature_AnOrderedLatticeFlipsWhole(int l)
    {
        // p_add = 1 − e^(−100): every aligned bond joins.
        var lattice = Lattice.Ordered(l);
        Assert.Equal(l * l, Wolff.Step(lattice, beta: 50, new Rng(3)));
        Assert.Equal(-1.0, lattice.Magnetization);
    }

    [Fact]
    public void AtVeryLowTemperature_TheClusterIsTheSeedsDomain()
    {
        // Left half +, right half −: the cluster is exactly the half that holds the seed.
        var l = 8;
        var spins = new sbyte[l * l];
        for (var r = 0; r < l; r++)
            for (var c = 0; c < l; c++)
                spins[r * l + c] = (sbyte)(c < l / 2 ? 1 : -1);
        var lattice = Lattice.FromSpins(l, spins);
        Assert.Equal(l * l / 2, Wolff.Step(lattice, beta: 50, new Rng(4)));
        Assert.True(lattice.Magnetization is 1.0 or -1.0, $"One domain flipped onto the other: m = {lattice.Magnetization}.");
    }

    [Fact]
    public void Step_AllocatesNothing_AfterTheFirst()
    {
        var lattice = Lattice.Random(32, new Rng(5));
        var rng = new Rng(6);
        Wolff.Step(lattice, 0.44, rng);
        var before = GC.GetAllocatedBytesForCurrentThread();
        long flipped = 0;
        for (var i = 0; i < 200; i++) flipped += Wolff.Step(lattice, 0.44, rng);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(flipped > 200, "Near T_c the clusters should be larger than single sites.");
    }

    [Fact]
    public void ClusterSize_IsAtMostN_AndFlipsExactlyThatManySpins()
    {
        var lattice = Lattice.Random(12, new Rng(7));
        var rng = new Rng(8);
        for (var step = 0; step < 50; step++)
        {
            var before = lattice.Spins.ToArray();
            var size = Wolff.Step(lattice, 0.4, rng);
            Assert.InRange(size, 1, 144);
            Assert.Equal(size, before.Zip(lattice.Spins.ToArray()).Count(p => p.First != p.Second));
        }
    }
}
