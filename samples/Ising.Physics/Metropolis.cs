using NnGen;

namespace Ising;

/// <summary>
/// Single-spin-flip Metropolis updates (Metropolis, Rosenbluth, Rosenbluth, Teller &amp; Teller, J. Chem. Phys. 21,
/// 1087, 1953) in checkerboard order.
/// </summary>
/// <remarks>
/// <para>Flipping sᵢ changes the energy by ΔE = 2 sᵢ hᵢ, where hᵢ = Σⱼ sⱼ sums the four neighbours, so ΔE ∈ {−8, −4, 0,
/// 4, 8}. The flip is accepted with probability min(1, e^(−βΔE)): always when ΔE ≤ 0, and otherwise with one of the
/// two ratios e^(−4β) and e^(−8β), computed once per sweep. This satisfies detailed balance with respect to the
/// Boltzmann weight e^(−βH) for each single flip.</para>
/// <para>A sweep visits every site once: first the "black" sites (r + c even), then the "white" ones (r + c odd).
/// For even L the neighbours of a black site are all white, so the order within a colour does not matter; for odd L
/// the periodic wrap joins a few same-coloured sites, which is still correct because each flip is decided from the
/// current state.</para>
/// <para>Alone, a sweep in fixed order is not ergodic. In some states every site, at its turn, has ΔE = 0 and flips, so
/// the sweep maps the state onto a partner and back, at any temperature: stripes one site wide for even L, and on the
/// 3 × 3 lattice 8 of the 512 states. Enumerating the sweep's transition matrix at L = 2 and 3 shows that these pairs
/// are closed classes of their own: a chain started in one stays there, and one started elsewhere never enters. A
/// random start hits one with probability of order 2^−N, so only tiny lattices notice; the sampler adds Wolff clusters
/// (<see cref="MetropolisWolff"/>), which leave them at once.</para>
/// </remarks>
public static class Metropolis
{
    /// <summary>One checkerboard sweep: N = L² flip attempts, each site once. Allocates nothing.</summary>
    /// <param name="lattice">The spins, updated in place.</param>
    /// <param name="beta">The inverse temperature β = 1/T (k_B = J = 1), ≥ 0.</param>
    /// <param name="rng">Draws one uniform number per flip that would raise the energy.</param>
    public static void Sweep(Lattice lattice, double beta, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(rng);
        CheckBeta(beta);

        var accept4 = Math.Exp(-4 * beta); // ΔE = 4: sᵢhᵢ = 2
        var accept8 = Math.Exp(-8 * beta); // ΔE = 8: sᵢhᵢ = 4
        var s = lattice.MutableSpins;
        var l = lattice.L;
        for (var colour = 0; colour < 2; colour++)
        {
            for (var r = 0; r < l; r++)
            {
                var row = r * l;
                var above = (r == 0 ? l - 1 : r - 1) * l;
                var below = (r == l - 1 ? 0 : r + 1) * l;
                for (var c = (r + colour) & 1; c < l; c += 2)
                {
                    var left = c == 0 ? l - 1 : c - 1;
                    var right = c == l - 1 ? 0 : c + 1;
                    var i = row + c;
                    var sh = s[i] * (s[row + left] + s[row + right] + s[above + c] + s[below + c]);
                    if (sh <= 0 || rng.NextDouble() < (sh == 2 ? accept4 : accept8))
                        s[i] = (sbyte)-s[i];
                }
            }
        }
    }

    internal static void CheckBeta(double beta)
    {
        if (!(beta >= 0) || double.IsPositiveInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "The inverse temperature β = 1/T must be finite and at least 0.");
    }
}
