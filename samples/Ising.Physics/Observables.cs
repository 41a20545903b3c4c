using System.Numerics;

namespace Ising;

/// <summary>
/// The magnetization and energy of one configuration, from its spins stored row-major on an L × L periodic lattice
/// (as sbytes in a <see cref="Lattice"/>, or as ±1 floats in <see cref="IsingSamples"/>).
/// </summary>
public static class Observables
{
    /// <summary>The magnetization per spin m = (1/N) Σᵢ sᵢ, signed.</summary>
    /// <param name="spins">The N spins, each ±1.</param>
    public static double Magnetization(ReadOnlySpan<sbyte> spins) => Magnetization<sbyte>(spins);

    /// <inheritdoc cref="Magnetization(ReadOnlySpan{sbyte})"/>
    public static double Magnetization(ReadOnlySpan<float> spins) => Magnetization<float>(spins);

    /// <summary>
    /// The energy per spin u = −(1/N) Σ⟨ij⟩ sᵢsⱼ (J = 1, zero field): each site's bond to its right and its bond downwards,
    /// periodic, so each of the 2N bonds once.
    /// </summary>
    /// <param name="spins">The L² spins, row-major, each ±1.</param>
    /// <param name="l">The side L.</param>
    public static double EnergyPerSpin(ReadOnlySpan<sbyte> spins, int l) => EnergyPerSpin<sbyte>(spins, l);

    /// <inheritdoc cref="EnergyPerSpin(ReadOnlySpan{sbyte}, int)"/>
    public static double EnergyPerSpin(ReadOnlySpan<float> spins, int l) => EnergyPerSpin<float>(spins, l);

    private static double Magnetization<T>(ReadOnlySpan<T> spins) where T : INumberBase<T>
    {
        if (spins.IsEmpty) throw new ArgumentException("There are no spins.", nameof(spins));
        long sum = 0;
        foreach (var s in spins) sum += long.CreateTruncating(s);
        return (double)sum / spins.Length;
    }

    private static double EnergyPerSpin<T>(ReadOnlySpan<T> spins, int l) where T : INumberBase<T>
    {
        Lattice.CheckSize(l);
        if (spins.Length != l * l)
        {
            throw new ArgumentException($"An {l} × {l} lattice holds {l * l} spins, but {spins.Length} were given.", nameof(spins));
        }

        long bonds = 0;
        for (var r = 0; r < l; r++)
        {
            var row = r * l;
            var below = (r + 1 == l ? 0 : r + 1) * l;
            for (var c = 0; c < l; c++)
            {
                var right = c + 1 == l ? 0 : c + 1;
                var s = long.CreateTruncating(spins[row + c]);
                bonds += s * (long.CreateTruncating(spins[row + right]) + long.CreateTruncating(spins[below + c]));
            }
        }

        return -(double)bonds / spins.Length;
    }
}
