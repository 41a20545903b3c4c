using NnGen;

namespace Ising;

/// <summary>
/// An L × L square lattice of Ising spins sᵢ = ±1 with periodic boundaries, stored row-major as sbytes: the spin in
/// row r, column c is <c>Spins[r·L + c]</c>, and its four neighbours are (r ± 1 mod L, c) and (r, c ± 1 mod L).
/// </summary>
/// <remarks>
/// The energy is H = −J Σ⟨ij⟩ sᵢsⱼ with J = 1, each nearest-neighbour bond counted once: every site's bond to the
/// right and its bond downwards, 2N bonds on N = L² sites. At L = 2 the bonds to the right and to the left of a site
/// end on the same neighbour and both count, so the 2 × 2 lattice has doubled bonds; <see cref="Metropolis"/> and
/// <see cref="Wolff"/> use the same convention, so every L ≥ 2 is a proper Ising model.
/// </remarks>
public sealed class Lattice
{
    /// <summary>The smallest lattice: at L = 1 a spin would be its own neighbour.</summary>
    public const int MinimumSize = 2;

    private readonly sbyte[] _spins;

    private Lattice(int l, sbyte[] spins)
    {
        L = l;
        _spins = spins;
    }

    /// <summary>Every spin equal to <paramref name="spin"/>: a ground state ("cold start").</summary>
    /// <param name="l">The side, at least <see cref="MinimumSize"/>.</param>
    /// <param name="spin">+1 or −1.</param>
    public static Lattice Ordered(int l, sbyte spin = 1)
    {
        CheckSize(l);
        if (spin is not (1 or -1))
            throw new ArgumentOutOfRangeException(nameof(spin), spin, "A spin is +1 or -1.");
        var spins = new sbyte[l * l];
        spins.AsSpan().Fill(spin);
        return new Lattice(l, spins);
    }

    /// <summary>Each spin +1 or −1 with probability ½, independently: a state of infinite temperature ("hot start").</summary>
    /// <param name="l">The side, at least <see cref="MinimumSize"/>.</param>
    /// <param name="rng">Draws one 64-bit number per spin and uses its top bit.</param>
    public static Lattice Random(int l, Rng rng)
    {
        CheckSize(l);
        ArgumentNullException.ThrowIfNull(rng);
        var spins = new sbyte[l * l];
        for (var i = 0; i < spins.Length; i++) spins[i] = (sbyte)((rng.NextUInt64() >> 63) == 0 ? -1 : 1);
        return new Lattice(l, spins);
    }

    /// <summary>A lattice holding a copy of <paramref name="spins"/>.</summary>
    /// <param name="l">The side, at least <see cref="MinimumSize"/>.</param>
    /// <param name="spins">L² spins, row-major, each +1 or −1.</param>
    /// <exception cref="ArgumentException">The length is not L², or a spin is not ±1; the message says which.</exception>
    public static Lattice FromSpins(int l, ReadOnlySpan<sbyte> spins)
    {
        CheckSize(l);
        if (spins.Length != l * l)
        {
            throw new ArgumentException($"An {l} × {l} lattice holds {l * l} spins, but {spins.Length} were given.", nameof(spins));
        }

        for (var i = 0; i < spins.Length; i++)
        {
            if (spins[i] is not (1 or -1))
                throw new ArgumentException($"Spin {i} (row {i / l}, column {i % l}) is {spins[i]}; spins are +1 or -1.", nameof(spins));
        }

        return new Lattice(l, spins.ToArray());
    }

    /// <summary>The side L.</summary>
    public int L { get; }

    /// <summary>The number of spins N = L².</summary>
    public int SiteCount => _spins.Length;

    /// <summary>The spins, row-major.</summary>
    public ReadOnlySpan<sbyte> Spins => _spins;

    /// <summary>The spins for the update algorithms of this assembly, which keep them ±1.</summary>
    internal sbyte[] MutableSpins => _spins;

    /// <summary>The spin in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public sbyte this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, L);
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, L);
            return _spins[row * L + column];
        }
    }

    /// <summary>The magnetization per spin m = (1/N) Σᵢ sᵢ, signed, in [−1, 1].</summary>
    public double Magnetization => Observables.Magnetization(_spins);

    /// <summary>The energy per spin u = −(1/N) Σ⟨ij⟩ sᵢsⱼ (J = 1, each bond once), in [−2, 2].</summary>
    public double EnergyPerSpin => Observables.EnergyPerSpin(_spins, L);

    /// <summary>Writes the spins as ±1 floats, row-major: the input layout of a network.</summary>
    /// <param name="destination">At least L² values.</param>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < _spins.Length)
        {
            throw new ArgumentException($"The destination must hold the {_spins.Length} spins, but holds {destination.Length} values.", nameof(destination));
        }

        for (var i = 0; i < _spins.Length; i++) destination[i] = _spins[i];
    }

    /// <summary>The lattice as rows of <c>+</c> and <c>-</c>, one line per row.</summary>
    public override string ToString() =>
        string.Join('\n', Enumerable.Range(0, L).Select(r => new string([.. _spins.AsSpan(r * L, L).ToArray().Select(s => s > 0 ? '+' : '-')])));

    internal static void CheckSize(int l)
    {
        if (l < MinimumSize)
            throw new ArgumentOutOfRangeException(nameof(l), l, $"The lattice side must be at least {MinimumSize}.");
        if (l > 46340)
            throw new ArgumentOutOfRangeException(nameof(l), l, "The lattice side must be at most 46340, so that L² fits in an int.");
    }
}
