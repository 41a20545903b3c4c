using System.Numerics;

namespace NnGen;

/// <summary>
/// Rescales every input feature to zero mean and unit standard deviation: x′ = (x − μ) / σ, with μ and σ measured
/// on a training set and then applied unchanged to any other set (validation, test, new samples).
/// </summary>
/// <remarks>
/// σ is the population standard deviation (divide by n, as scikit-learn's StandardScaler). A constant feature
/// (σ = 0) keeps σ = 1, so it is only centered.
/// </remarks>
public sealed class Standardizer
{
    private readonly double[] _mean;
    private readonly double[] _std;

    /// <summary>Uses a known mean and standard deviation per feature (for example ones saved with a model).</summary>
    /// <param name="mean">μ per feature.</param>
    /// <param name="std">σ per feature, each finite and &gt; 0.</param>
    /// <exception cref="ArgumentException">The arrays differ in length, or a σ is not a finite positive number.</exception>
    public Standardizer(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (std.Count != mean.Count)
        {
            throw new ArgumentException($"One σ per feature: expected {mean.Count} values, got {std.Count}.", nameof(std));
        }

        for (var j = 0; j < std.Count; j++)
        {
            if (!double.IsFinite(mean[j]))
            {
                throw new ArgumentException($"The mean of feature {j} is {mean[j]}; it must be a finite number.", nameof(mean));
            }

            if (!(std[j] > 0 && double.IsFinite(std[j])))
            {
                throw new ArgumentException($"σ of feature {j} is {std[j]}; it must be a finite number > 0.", nameof(std));
            }
        }

        _mean = [.. mean];
        _std = [.. std];
    }

    /// <summary>The mean of each feature.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The standard deviation of each feature (1 for a constant feature).</summary>
    public IReadOnlyList<double> Std => _std;

    /// <summary>The number of features: the input length it applies to.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>Measures the mean and standard deviation of each input feature of <paramref name="train"/>.</summary>
    /// <param name="train">The training set; must hold at least one sample.</param>
    /// <exception cref="ArgumentException">The set is empty.</exception>
    public static Standardizer Fit<T>(Dataset<T> train) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("Cannot measure mean and σ on an empty dataset.", nameof(train));

        // A NaN would become the feature's mean, and σ = 1 would hide it: every standardized value of that feature NaN.
        train.EnsureFinite(nameof(train));

        var features = train.InputLength;
        var inputs = train.Inputs;
        var mean = new double[features];
        var std = new double[features];
        for (var i = 0; i < train.Count; i++)
        {
            for (var j = 0; j < features; j++) mean[j] += double.CreateTruncating(inputs[i * features + j]);
        }

        for (var j = 0; j < features; j++) mean[j] /= train.Count;

        // Second pass over the deviations: no cancellation, unlike E[x²] − E[x]².
        for (var i = 0; i < train.Count; i++)
        {
            for (var j = 0; j < features; j++)
            {
                var deviation = double.CreateTruncating(inputs[i * features + j]) - mean[j];
                std[j] += deviation * deviation;
            }
        }

        for (var j = 0; j < features; j++)
        {
            var sigma = Math.Sqrt(std[j] / train.Count);
            std[j] = sigma > 0 ? sigma : 1;
        }

        return new Standardizer(mean, std);
    }

    /// <summary>A new dataset with standardized inputs and the same targets.</summary>
    /// <param name="data">Any set with <see cref="FeatureCount"/> inputs per sample.</param>
    /// <exception cref="ArgumentException">The input length differs from <see cref="FeatureCount"/>.</exception>
    public Dataset<T> Transform<T>(Dataset<T> data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputLength != FeatureCount)
        {
            throw new ArgumentException(
                $"This standardizer was fitted on {FeatureCount} features; the dataset has {data.InputLength} inputs per sample.", nameof(data));
        }

        var inputs = data.Inputs.ToArray();
        Transform<T>(inputs);
        return new Dataset<T>(inputs, data.Targets.ToArray(), data.InputLength, data.TargetLength);
    }

    /// <summary>Standardizes flat input samples in place (one sample or a batch).</summary>
    /// <param name="inputs">A multiple of <see cref="FeatureCount"/> values.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="FeatureCount"/>.</exception>
    public void Transform<T>(Span<T> inputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var features = _mean.Length;
        if (features == 0 || inputs.Length % features != 0)
        {
            throw new ArgumentException(
                $"Expected whole samples of {features} features: a multiple of {features} values, got {inputs.Length}.", nameof(inputs));
        }

        for (var i = 0; i < inputs.Length; i += features)
        {
            for (var j = 0; j < features; j++)
            {
                inputs[i + j] = T.CreateTruncating((double.CreateTruncating(inputs[i + j]) - _mean[j]) / _std[j]);
            }
        }
    }
}
