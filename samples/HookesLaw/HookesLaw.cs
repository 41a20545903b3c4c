using NnGen;

namespace HookesLaw;

/// <summary>
/// The lecture's first network: one linear neuron, F = k x + b, fitted to noisy spring measurements by plain
/// gradient descent on the mean squared error. Gradient descent must find what least squares finds in closed form.
/// </summary>
[Input(1, Precision = Precision.Double)]
[Dense(1)]
[Loss(LossKind.MeanSquaredError)]
public partial class Spring;

/// <param name="K">Fitted spring constant, N/cm.</param>
/// <param name="B">Fitted offset, N.</param>
/// <param name="LeastSquaresK">Closed-form least-squares slope of the same data.</param>
/// <param name="LeastSquaresB">Closed-form least-squares offset.</param>
/// <param name="History">Loss per epoch.</param>
public sealed record SpringFit(double K, double B, double LeastSquaresK, double LeastSquaresB, History History);

public static class HookesLawLesson
{
    public const double TrueK = 2.5;
    public const double TrueB = 1.5;

    /// <summary>Measurements F = k x + b + noise at <paramref name="count"/> extensions x ∈ [0, 10] cm.</summary>
    public static Dataset<double> Measurements(int count = 50, double noise = 0.02, ulong seed = 1)
    {
        var rng = new Rng(seed);
        var x = new double[count];
        var force = new double[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = 10.0 * i / (count - 1);
            force[i] = TrueK * x[i] + TrueB + noise * rng.NextGaussian();
        }
        return new Dataset<double>(x, force, 1, 1);
    }

    /// <summary>Full-batch gradient descent, as in the lecture: every epoch is one step over all measurements.</summary>
    public static SpringFit Fit(Dataset<double> data, double learningRate = 0.02, int epochs = 3000, bool verbose = false)
    {
        var spring = new Spring(seed: 0);
        var history = spring.Fit(data, new FitOptions
        {
            Epochs = epochs,
            BatchSize = data.Count,
            Shuffle = false,
            Optimizer = new Sgd(learningRate),
            Progress = verbose ? new ConsoleProgress { Every = 500 } : null,
        });

        var (lsK, lsB) = LeastSquares(data.Inputs, data.Targets);
        return new SpringFit(spring.Parameters[0], spring.Parameters[1], lsK, lsB, history);
    }

    /// <summary>The closed-form fit: k = cov(x, F) / var(x), b = mean F − k mean x.</summary>
    public static (double K, double B) LeastSquares(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < x.Length; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= x.Length;
        meanY /= x.Length;
        double covariance = 0, variance = 0;
        for (var i = 0; i < x.Length; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            variance += (x[i] - meanX) * (x[i] - meanX);
        }
        var k = covariance / variance;
        return (k, meanY - k * meanX);
    }
}
