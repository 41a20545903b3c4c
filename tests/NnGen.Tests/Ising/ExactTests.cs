using Ising;

namespace NnGen.Tests.Ising;

public sealed class ExactTests
{
    [Fact]
    public void CriticalTemperature_Is2OverLn1PlusSqrt2_WhereSinh2BetaIs1()
    {
        var tc = Exact.CriticalTemperature;
        Assert.Equal(2 / Math.Log(1 + Math.Sqrt(2)), tc, tolerance: 1e-15);
        Assert.Equal(1.0, Math.Sinh(2 / Exact.CriticalTemperature), tolerance: 1e-15); // Kramers–Wannier self-duality
        Assert.Equal(2.269185314213022, tc, tolerance: 1e-15);
    }

    // ---- Spontaneous magnetization -----------------------------------------------------------------------------

    [Theory]
    [InlineData(Exact.CriticalTemperature)]
    [InlineData(2.27)]
    [InlineData(3.0)]
    [InlineData(double.PositiveInfinity)]
    public void SpontaneousMagnetization_VanishesAtAndAboveTc(double t) =>
        Assert.Equal(0.0, Exact.SpontaneousMagnetization(t));

    [Fact]
    public void SpontaneousMagnetization_TendsTo1AsTGoesTo0()
    {
        Assert.Equal(1.0, Exact.SpontaneousMagnetization(0));
        Assert.Equal(1.0, Exact.SpontaneousMagnetization(0.1), tolerance: 1e-15); // 1 − 2e⁻⁸⁰
        // M = 1 − 2z⁴ − 8z⁶ − … with z = e^(−2β) at low T (a single flipped spin costs ΔE = 8): at T = 0.5, z⁴ = e⁻¹⁶.
        Assert.Equal(1 - 2 * Math.Exp(-16), Exact.SpontaneousMagnetization(0.5), tolerance: 1e-9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.8)]
    [InlineData(2.0)]
    [InlineData(2.2)]
    [InlineData(2.269)]
    public void SpontaneousMagnetization_AgreesWithYangsFormInZ(double t)
    {
        // Yang (1952) wrote M = [1 − 16z⁴/(1 − z²)⁴]^(1/8), z = e^(−2β); sinh(2β) = (1 − z²)/(2z) makes it the sinh form.
        var z = Math.Exp(-2 / t);
        var yang = Math.Pow(1 - 16 * Math.Pow(z, 4) / Math.Pow(1 - z * z, 4), 0.125);
        Assert.Equal(yang, Exact.SpontaneousMagnetization(t), tolerance: 1e-12);
    }

    [Fact]
    public void SpontaneousMagnetization_KnownValues()
    {
        Assert.Equal(0.956857017247418, Exact.SpontaneousMagnetization(1.8), tolerance: 1e-13);
        Assert.Equal(0.911319377877496, Exact.SpontaneousMagnetization(2.0), tolerance: 1e-13);
    }

    [Fact]
    public void SpontaneousMagnetization_VanishesWithExponentOneEighth()
    {
        double LogM(double epsilon) => Math.Log(Exact.SpontaneousMagnetization(Exact.CriticalTemperature - epsilon));
        var slope = (LogM(1e-6) - LogM(1e-8)) / (Math.Log(1e-6) - Math.Log(1e-8));
        Assert.Equal(0.125, slope, tolerance: 1e-3);
    }

    [Fact]
    public void NegativeOrNaNTemperature_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Exact.SpontaneousMagnetization(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Exact.EnergyPerSpin(double.NaN));
    }

    // ---- Complete elliptic integral ------------------------------------------------------------------------------

    /// <summary>K(k) = ½ ∫₀^π dθ / √(1 − k² sin²θ) by the midpoint rule: the integrand is smooth and π-periodic, so the rule converges exponentially.</summary>
    private static double EllipticKByQuadrature(double k, int points = 4000)
    {
        var h = Math.PI / points;
        double sum = 0;
        for (var i = 0; i < points; i++)
        {
            var sin = Math.Sin((i + 0.5) * h);
            sum += 1 / Math.Sqrt(1 - k * k * sin * sin);
        }

        return 0.5 * sum * h;
    }

    [Fact]
    public void EllipticK_At0_IsPiOver2() => Assert.Equal(Math.PI / 2, Exact.EllipticK(0), tolerance: 1e-15);

    [Fact]
    public void EllipticK_AtOneOverSqrt2_IsTheLemniscateValue()
    {
        // K(1/√2) = Γ(1/4)² / (4√π), Γ(1/4) = 3.6256099082219083119…
        const double gammaQuarter = 3.6256099082219083119;
        Assert.Equal(gammaQuarter * gammaQuarter / (4 * Math.Sqrt(Math.PI)), Exact.EllipticK(1 / Math.Sqrt(2)), tolerance: 1e-14);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    [InlineData(-0.7)]
    public void EllipticK_AgreesWithQuadrature(double k) =>
        Assert.Equal(EllipticKByQuadrature(k), Exact.EllipticK(k), tolerance: 1e-12);

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-10)]
    [InlineData(1e-14)]
    public void EllipticK_NearModulus1_DivergesLikeLn4OverKPrime(double delta)
    {
        // K = ln(4/k′) + (k′²/4)(ln(4/k′) − 1) + O(k′⁴ ln k′) (Abramowitz & Stegun 17.3.26), k′ = √(1 − k²).
        var k = 1 - delta;
        var kPrime = Math.Sqrt((1 - k) * (1 + k));
        var log = Math.Log(4 / kPrime);
        Assert.Equal(log + kPrime * kPrime / 4 * (log - 1), Exact.EllipticK(k), tolerance: 1e-10);
        Assert.Equal(double.PositiveInfinity, Exact.EllipticK(1));
    }

    [Fact]
    public void EllipticK_OutsideTheUnitInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Exact.EllipticK(1.0000001));
        Assert.Throws<ArgumentOutOfRangeException>(() => Exact.EllipticK(double.NaN));
    }

    // ---- Internal energy -----------------------------------------------------------------------------------------

    [Fact]
    public void EnergyPerSpin_AtTc_IsMinusSqrt2_AndContinuous()
    {
        Assert.Equal(-Math.Sqrt(2), Exact.EnergyPerSpin(Exact.CriticalTemperature), tolerance: 1e-12);
        // u − u_c ∝ ε ln ε: continuous, with an infinite slope (the specific heat diverges logarithmically).
        Assert.Equal(-Math.Sqrt(2), Exact.EnergyPerSpin(Exact.CriticalTemperature - 1e-9), tolerance: 1e-6);
        Assert.Equal(-Math.Sqrt(2), Exact.EnergyPerSpin(Exact.CriticalTemperature + 1e-9), tolerance: 1e-6);
        Assert.True(Exact.EnergyPerSpin(Exact.CriticalTemperature - 1e-6) < -Math.Sqrt(2));
        Assert.True(Exact.EnergyPerSpin(Exact.CriticalTemperature + 1e-6) > -Math.Sqrt(2));
    }

    [Fact]
    public void EnergyPerSpin_AtLowTemperature_IsTheGroundStatePlusSingleFlips()
    {
        Assert.Equal(-2.0, Exact.EnergyPerSpin(0));
        Assert.Equal(-2.0, Exact.EnergyPerSpin(1e-3));
        // ln Z/N = 2β + e^(−8β) + 2e^(−12β) + O(e^(−16β)): N single flips (ΔE = 8), 2N adjacent pairs (ΔE = 12); so
        // u = −2 + 8e^(−8β) + 24e^(−12β) + …; at T = 0.5 the rest is ~e⁻³².
        Assert.Equal(-2 + 8 * Math.Exp(-16) + 24 * Math.Exp(-24), Exact.EnergyPerSpin(0.5), tolerance: 1e-12);
    }

    [Fact]
    public void EnergyPerSpin_AtHighTemperature_IsMinus2TanhBeta()
    {
        Assert.Equal(0.0, Exact.EnergyPerSpin(double.PositiveInfinity));
        // u = −2 tanh β − 4 tanh³β (1 − tanh²β) + … (loops of length 4 in the high-temperature expansion).
        var t = Math.Tanh(1e-3);
        Assert.Equal(-2 * t - 4 * t * t * t * (1 - t * t), Exact.EnergyPerSpin(1000), tolerance: 1e-12);
        // The closed form (T below 20 000) and the series (above) agree where the implementation switches.
        foreach (var temperature in new[] { 19_000.0, 21_000.0 })
        {
            var tanh = Math.Tanh(1 / temperature);
            Assert.Equal(-2 * tanh - 4 * tanh * tanh * tanh, Exact.EnergyPerSpin(temperature), tolerance: 1e-11);
        }
    }

    /// <summary>
    /// u = ∂(βf)/∂β from Onsager's free energy, −βf = ln 2 + (1/8π²) ∫∫ ln[cosh²2β − sinh2β (cos θ₁ + cos θ₂)] dθ₁dθ₂,
    /// differentiated under the integral and summed by the midpoint rule: a route independent of the elliptic form.
    /// </summary>
    private static double EnergyFromOnsagersIntegral(double t, int points = 600)
    {
        var beta = 1 / t;
        var s = Math.Sinh(2 * beta);
        var c = Math.Cosh(2 * beta);
        var h = 2 * Math.PI / points;
        var cosines = Enumerable.Range(0, points).Select(i => Math.Cos((i + 0.5) * h)).ToArray();
        double sum = 0;
        foreach (var x in cosines)
        {
            foreach (var y in cosines)
            {
                sum += (4 * c * s - 2 * c * (x + y)) / (c * c - s * (x + y));
            }
        }

        return -sum * h * h / (8 * Math.PI * Math.PI);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    [InlineData(2.5)]
    [InlineData(3.0)]
    [InlineData(5.0)]
    public void EnergyPerSpin_AgreesWithOnsagersIntegral(double t) =>
        Assert.Equal(EnergyFromOnsagersIntegral(t), Exact.EnergyPerSpin(t), tolerance: 1e-10);

    [Fact]
    public void EnergyPerSpin_KnownValueAtT3() => Assert.Equal(-0.817310, Exact.EnergyPerSpin(3.0), tolerance: 1e-6);
}
