namespace Ising;

/// <summary>How far <see cref="Sampler.Sample"/> has come: reported each time a chain finishes.</summary>
/// <param name="ChainsDone">Chains finished so far, 1 to <paramref name="ChainsTotal"/>.</param>
/// <param name="ChainsTotal">All chains: temperatures × chains per temperature.</param>
public readonly record struct SamplingProgress(int ChainsDone, int ChainsTotal)
{
    /// <summary>The fraction done, in (0, 1].</summary>
    public double Fraction => (double)ChainsDone / ChainsTotal;
}
