using Ising;

namespace NnGen.Tests.Ising;

public sealed class LatticeTests
{
    private static Lattice FromRows(params string[] rows) =>
        Lattice.FromSpins(rows.Length, [.. rows.SelectMany(r => r).Select(c => (sbyte)(c == '+' ? 1 : -1))]);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(16)]
    public void Ordered_HasMagnetization1_AndEnergyMinus2(int l)
    {
        var up = Lattice.Ordered(l);
        Assert.Equal(l, up.L);
        Assert.Equal(l * l, up.SiteCount);
        Assert.Equal(1.0, up.Magnetization);
        Assert.Equal(-2.0, up.EnergyPerSpin);
        Assert.Equal(-1.0, Lattice.Ordered(l, -1).Magnetization);
        Assert.Equal(-2.0, Lattice.Ordered(l, -1).EnergyPerSpin);
    }

    [Fact]
    public void Checkerboard_HasEnergyPlus2_AndNoMagnetization()
    {
        var checkerboard = FromRows("+-+-", "-+-+", "+-+-", "-+-+");
        Assert.Equal(2.0, checkerboard.EnergyPerSpin);
        Assert.Equal(0.0, checkerboard.Magnetization);
    }

    [Fact]
    public void OneFlippedSpin_In3x3_BreaksItsFourBonds()
    {
        // 18 bonds: the 4 around the centre are −1, the other 14 are +1, so H = −(14 − 4) = −10.
        var lattice = FromRows("+++", "+-+", "+++");
        Assert.Equal(-10.0 / 9, lattice.EnergyPerSpin, tolerance: 1e-15);
        Assert.Equal(7.0 / 9, lattice.Magnetization, tolerance: 1e-15);
    }

    [Fact]
    public void TwoByTwo_CountsEachDoubledBondTwice()
    {
        // At L = 2 a site's right and left neighbours coincide: 8 bonds on 4 sites.
        Assert.Equal(2.0, FromRows("+-", "-+").EnergyPerSpin);   // every bond broken
        Assert.Equal(0.0, FromRows("++", "--").EnergyPerSpin);   // the 4 horizontal bonds whole, the 4 vertical broken
        Assert.Equal(0.0, FromRows("++", "+-").EnergyPerSpin);   // the − spin's 4 bonds broken, the other 4 whole
        Assert.Equal(-2.0, FromRows("++", "++").EnergyPerSpin);
    }

    [Fact]
    public void Random_IsHalfUpHalfDown_AndReproducible()
    {
        var a = Lattice.Random(64, new Rng(5));
        var b = Lattice.Random(64, new Rng(5));
        Assert.Equal(a.Spins.ToArray(), b.Spins.ToArray());
        Assert.InRange(a.Magnetization, -0.05, 0.05); // σ = 1/64
        Assert.All(a.Spins.ToArray(), s => Assert.True(s is 1 or -1));
        Assert.NotEqual(a.Spins.ToArray(), Lattice.Random(64, new Rng(6)).Spins.ToArray());
    }

    [Fact]
    public void FloatAndSByteObservables_Agree()
    {
        var lattice = Lattice.Random(10, new Rng(3));
        var floats = new float[100];
        lattice.CopyTo(floats);
        Assert.Equal(lattice.Spins.ToArray().Select(s => (float)s), floats);
        Assert.Equal(lattice.EnergyPerSpin, Observables.EnergyPerSpin(floats, 10));
        Assert.Equal(lattice.Magnetization, Observables.Magnetization(floats));
    }

    [Fact]
    public void Indexer_IsRowMajor_AndToStringDrawsTheRows()
    {
        var lattice = FromRows("++-", "---", "+++");
        Assert.Equal(-1, lattice[0, 2]);
        Assert.Equal(1, lattice[2, 0]);
        Assert.Equal("++-\n---\n+++", lattice.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => lattice[3, 0]);
    }

    [Fact]
    public void BadInput_IsRefusedWithAMessage()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Lattice.Ordered(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lattice.Ordered(4, 0));
        var length = Assert.Throws<ArgumentException>(() => Lattice.FromSpins(3, new sbyte[8]));
        Assert.Contains("holds 9 spins, but 8 were given", length.Message);
        var value = Assert.Throws<ArgumentException>(() => Lattice.FromSpins(2, [1, 1, 0, 1]));
        Assert.Contains("Spin 2 (row 1, column 0) is 0", value.Message);
        var destination = Assert.Throws<ArgumentException>(() => Lattice.Ordered(3).CopyTo(new float[8]));
        Assert.Contains("must hold the 9 spins, but holds 8", destination.Message);
    }
}
