using NnGen;

namespace Ising;

/// <summary>
/// Wolff's single-cluster update (U. Wolff, Phys. Rev. Lett. 62, 361, 1989), the Swendsen–Wang construction grown
/// from one random seed site: near T_c it flips whole correlated regions, where single-spin updates slow down
/// critically.
/// </summary>
/// <remarks>
/// <para>A random seed site starts the cluster. Each bond from a cluster site to a neighbour with the cluster's
/// original spin is added with probability p_add = 1 − e^(−2β) (Wolff's eq. 2 with J = 1); the cluster grows until no
/// bond adds a site, and all its spins are flipped. With this p_add the update satisfies detailed balance and is
/// rejection-free. Each bond is tried once from each end, so at L = 2 the doubled bonds are tried twice, as their
/// doubled coupling requires.</para>
/// <para>Sites are flipped as they join, which marks them, and wait on an explicit stack rather than in recursion (a
/// cluster can hold all N sites). The stack is kept per thread and reused, so a step allocates nothing once a thread
/// has seen a lattice of that size.</para>
/// </remarks>
public static class Wolff
{
    [ThreadStatic]
    private static int[]? t_stack;

    /// <summary>Grows one cluster and flips it.</summary>
    /// <param name="lattice">The spins, updated in place.</param>
    /// <param name="beta">The inverse temperature β = 1/T (k_B = J = 1), ≥ 0.</param>
    /// <param name="rng">Draws the seed site, then one uniform number per bond tried.</param>
    /// <returns>The cluster size: the number of spins flipped, from 1 to N.</returns>
    public static int Step(Lattice lattice, double beta, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(lattice);
        ArgumentNullException.ThrowIfNull(rng);
        Metropolis.CheckBeta(beta);

        var pAdd = 1 - Math.Exp(-2 * beta);
        var s = lattice.MutableSpins;
        var l = lattice.L;
        var stack = t_stack;
        if (stack is null || stack.Length < s.Length) t_stack = stack = new int[s.Length];

        var seed = rng.NextInt(s.Length);
        var spin = s[seed];
        var flipped = (sbyte)-spin;
        s[seed] = flipped;
        stack[0] = seed;
        var top = 1;
        var size = 1;
        while (top > 0)
        {
            var i = stack[--top];
            var r = i / l;
            var c = i - r * l;
            var row = r * l;
            // The four neighbours: left, right, above, below.
            var n0 = row + (c == 0 ? l - 1 : c - 1);
            var n1 = row + (c == l - 1 ? 0 : c + 1);
            var n2 = (r == 0 ? l - 1 : r - 1) * l + c;
            var n3 = (r == l - 1 ? 0 : r + 1) * l + c;
            if (s[n0] == spin && rng.NextDouble() < pAdd) { s[n0] = flipped; stack[top++] = n0; size++; }
            if (s[n1] == spin && rng.NextDouble() < pAdd) { s[n1] = flipped; stack[top++] = n1; size++; }
            if (s[n2] == spin && rng.NextDouble() < pAdd) { s[n2] = flipped; stack[top++] = n2; size++; }
            if (s[n3] == spin && rng.NextDouble() < pAdd) { s[n3] = flipped; stack[top++] = n3; size++; }
        }

        return size;
    }
}
