namespace Ising;

/// <summary>
/// Exact results for the 2D Ising model on the infinite square lattice, H = −J Σ⟨ij⟩ sᵢsⱼ with J = k_B = 1: the
/// critical temperature, the spontaneous magnetization and the internal energy per spin, what the Monte Carlo is
/// checked against.
/// </summary>
public static class Exact
{
    /// <summary>
    /// T_c = 2 / ln(1 + √2) = 2.269185…, where sinh(2/T_c) = 1 (Kramers &amp; Wannier, Phys. Rev. 60, 252, 1941, by
    /// self-duality; Onsager, Phys. Rev. 65, 117, 1944). The nearest double to 2 / ln(1 + √2).
    /// </summary>
    public const double CriticalTemperature = 2.2691853142130221;

    /// <summary>Below this β the energy uses its high-temperature series, where the closed form loses digits.</summary>
    private const double HighTemperatureBeta = 5e-5;

    /// <summary>Above this 2β the energy is −2 to double precision (and cosh²(2β) would overflow).</summary>
    private const double LowTemperatureTwoBeta = 300;

    /// <summary>
    /// The spontaneous magnetization of the infinite lattice,
    /// M(T) = (1 − sinh(2β)⁻⁴)^(1/8) for T &lt; T_c and 0 for T ≥ T_c, β = 1/T
    /// (Onsager 1948, announced; C. N. Yang, Phys. Rev. 85, 808, 1952). Near T_c, M ∝ (T_c − T)^(1/8).
    /// </summary>
    /// <param name="temperature">T ≥ 0; T = 0 gives 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">T is negative or NaN.</exception>
    public static double SpontaneousMagnetization(double temperature)
    {
        CheckTemperature(temperature);
        if (temperature >= CriticalTemperature) return 0;
        var sinh = Math.Sinh(2 / temperature); // +∞ at T = 0, which gives M = 1
        var inverseFourth = 1 / (sinh * sinh * (sinh * sinh));
        return Math.Pow(Math.Max(0, 1 - inverseFourth), 0.125);
    }

    /// <summary>
    /// The internal energy per spin of the infinite lattice (Onsager, Phys. Rev. 65, 117, 1944; in this form in K. Huang,
    /// <i>Statistical Mechanics</i>, 2nd ed., Wiley 1987, ch. 15):
    /// <code>
    /// u(T) = −coth(2β) [1 + (2/π) (2 tanh²(2β) − 1) K(k)],   k = 2 sinh(2β) / cosh²(2β),   β = 1/T,
    /// </code>
    /// with K the complete elliptic integral of the first kind (<see cref="EllipticK"/>). u(T_c) = −√2, u(0) = −2 and
    /// u ≈ −2 tanh β at high temperature.
    /// </summary>
    /// <remarks>
    /// At T_c, k = 1 and K diverges, but only logarithmically, K ≈ ln(4/k′), while its prefactor 2 tanh²(2β) − 1
    /// vanishes linearly, so the product tends to 0 and u is continuous (the specific heat diverges). Both small
    /// quantities are computed without cancellation: with s = sinh(2β), c = cosh(2β), 2 tanh²(2β) − 1 = (s − 1)(s + 1)/c²
    /// and the complementary modulus k′ = √(1 − k²) = |(s − 1)(s + 1)|/c², since c⁴ − 4s² = (c² − 2)² = (s² − 1)².
    /// K is then evaluated from k′ directly.
    /// </remarks>
    /// <param name="temperature">T ≥ 0, possibly +∞.</param>
    /// <exception cref="ArgumentOutOfRangeException">T is negative or NaN.</exception>
    public static double EnergyPerSpin(double temperature)
    {
        CheckTemperature(temperature);
        if (temperature == 0) return -2;
        var beta = 1 / temperature;
        if (beta < HighTemperatureBeta) return -2 * Math.Tanh(beta); // the next term is −4 tanh³β (1 − tanh²β) ≈ −4β³
        var x = 2 * beta;
        if (x > LowTemperatureTwoBeta) return -2;

        var s = Math.Sinh(x);
        var c = Math.Cosh(x);
        var prefactor = (s - 1) * (s + 1) / (c * c); // 2 tanh²(2β) − 1
        var term = prefactor == 0 ? 0 : prefactor * EllipticKFromComplement(Math.Abs(prefactor));
        return -(c / s) * (1 + 2 / Math.PI * term);
    }

    /// <summary>
    /// The complete elliptic integral of the first kind in terms of the modulus k,
    /// K(k) = ∫₀^{π/2} dθ / √(1 − k² sin²θ) = π / (2 AGM(1, √(1 − k²))), by Gauss's arithmetic–geometric mean
    /// (Abramowitz &amp; Stegun 17.6). K(0) = π/2; K(k) → ∞ as |k| → 1, like ln(4/√(1 − k²)).
    /// </summary>
    /// <param name="k">The modulus, |k| ≤ 1 (not the parameter m = k²).</param>
    /// <returns>K(k), +∞ at |k| = 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">|k| &gt; 1 or NaN.</exception>
    public static double EllipticK(double k)
    {
        if (!(Math.Abs(k) <= 1))
            throw new ArgumentOutOfRangeException(nameof(k), k, "The modulus k must satisfy |k| ≤ 1.");
        return EllipticKFromComplement(Math.Sqrt((1 - Math.Abs(k)) * (1 + Math.Abs(k))));
    }

    /// <summary>K from the complementary modulus k′ = √(1 − k²) ∈ [0, 1]: π / (2 AGM(1, k′)).</summary>
    private static double EllipticKFromComplement(double kPrime) =>
        kPrime == 0 ? double.PositiveInfinity : Math.PI / (2 * ArithmeticGeometricMean(1, kPrime));

    /// <summary>
    /// Gauss's arithmetic–geometric mean of a ≥ b &gt; 0: aₙ₊₁ = (aₙ + bₙ)/2, bₙ₊₁ = √(aₙbₙ), until the two agree to
    /// rounding. It converges quadratically; even b = 10⁻³⁰⁰ takes about a dozen steps.
    /// </summary>
    private static double ArithmeticGeometricMean(double a, double b)
    {
        for (var i = 0; i < 64 && a - b > 4e-16 * a; i++)
        {
            (a, b) = (0.5 * (a + b), Math.Sqrt(a) * Math.Sqrt(b));
        }

        return 0.5 * (a + b);
    }

    private static void CheckTemperature(double temperature)
    {
        if (!(temperature >= 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be at least 0.");
    }
}
