namespace Ising;

/// <summary>Which configurations train, validate and test: whole chains, so no two sets share a Markov chain.</summary>
public sealed class SampleSplit
{
    private SampleSplit(int[] train, int[] validation, int[] test)
    {
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>Indices of the training configurations (every chain but the last two of each temperature).</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>Indices of the validation configurations (the second-to-last chain of each temperature).</summary>
    public IReadOnlyList<int> Validation { get; }

    /// <summary>Indices of the test configurations (the last chain of each temperature).</summary>
    public IReadOnlyList<int> Test { get; }

    public static SampleSplit ByChain(IsingSamples samples)
    {
        var byTemperature = Enumerable.Range(0, samples.Count).GroupBy(i => samples.Temperatures[i]);
        List<int> train = [], validation = [], test = [];
        foreach (var group in byTemperature)
        {
            var chains = group.Select(i => samples.Chains[i]).Distinct().Order().ToList();
            if (chains.Count < 3)
                throw new ArgumentException($"T = {group.Key} has {chains.Count} chains; splitting by chain into training, validation and test sets needs at least 3.", nameof(samples));
            foreach (var i in group)
            {
                var rank = chains.IndexOf(samples.Chains[i]);
                (rank == chains.Count - 1 ? test : rank == chains.Count - 2 ? validation : train).Add(i);
            }
        }
        return new SampleSplit([.. train], [.. validation], [.. test]);
    }
}
