using NnGen;

namespace UniversalApproximation;

/// <summary>One hidden layer of tanh units can approximate any continuous function on an interval: here sin x.</summary>
[Input(1)]
[Dense(32), Activation(Act.Tanh)]
[Dense(1)]
[Loss(LossKind.MeanSquaredError)]
public partial class SineFit;

/// <param name="MeanSquaredError">mean (y − sin x)² over a fine grid on [−π, π], unseen in training.</param>
public sealed record SineResult(double MeanSquaredError, SineFit Network, History History);

public static class UniversalApproximationLesson
{
    /// <summary>Fits sin x from <paramref name="samples"/> random points of [−π, π] with Adam.</summary>
    public static SineResult Fit(int samples = 256, int epochs = 400, int seed = 0, bool verbose = false)
    {
        var rng = new Rng((ulong)seed + 100);
        var x = new float[samples];
        var y = new float[samples];
        for (var i = 0; i < samples; i++)
        {
            x[i] = (float)(Math.PI * (2 * rng.NextDouble() - 1));
            y[i] = MathF.Sin(x[i]);
        }

        var network = new SineFit(seed);
        var history = network.Fit(new Dataset<float>(x, y, 1, 1), new FitOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Optimizer = new Adam(0.01),
            Seed = (ulong)seed,
            Progress = verbose ? new ConsoleProgress { Every = 50 } : null,
        });
        return new SineResult(GridError(network), network, history);
    }

    /// <summary>The mean squared error against sin x on 1001 evenly spaced points of [−π, π].</summary>
    public static double GridError(SineFit network)
    {
        const int Points = 1001;
        Span<float> output = stackalloc float[1];
        var sum = 0.0;
        for (var i = 0; i < Points; i++)
        {
            var x = (float)(-Math.PI + 2 * Math.PI * i / (Points - 1));
            network.Predict([x], output);
            sum += Math.Pow(output[0] - Math.Sin(x), 2);
        }
        return sum / Points;
    }
}
