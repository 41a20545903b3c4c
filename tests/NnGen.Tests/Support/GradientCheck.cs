using System.Numerics;

namespace NnGen.Tests.Support;

/// <summary>Central finite differences of a network's mean loss, to compare with TrainStep's gradients.</summary>
internal static class GradientCheck
{
    public const double Step = 1e-5;

    /// <summary>The largest relative error over every parameter and every input value.</summary>
    public static (double Parameters, double Inputs) MaxRelativeError(INetwork<double> network, double[] inputs, double[] targets)
    {
        var inputGradients = new double[inputs.Length];
        network.TrainStep(inputs, targets, inputGradients);
        var analytic = network.Gradients.ToArray();

        var parameterError = 0.0;
        for (var i = 0; i < network.ParameterCount; i++)
            parameterError = Math.Max(parameterError, RelativeError(analytic[i], Numeric(network, inputs, targets, network.Parameters, i)));

        var inputError = 0.0;
        for (var i = 0; i < inputs.Length; i++)
            inputError = Math.Max(inputError, RelativeError(inputGradients[i], Numeric(network, inputs, targets, inputs, i)));
        return (parameterError, inputError);
    }

    /// <summary>|a − n| / max(|a|, |n|), read as an absolute error for gradients below 1e-3.</summary>
    public static double RelativeError(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), 1e-3);

    /// <summary>The derivative of the training-mode loss (what TrainStep differentiates; BatchNorm uses batch statistics).</summary>
    private static double Numeric(INetwork<double> network, double[] inputs, double[] targets, Span<double> values, int index)
    {
        var saved = values[index];
        values[index] = saved + Step;
        var plus = network.TrainStep(inputs, targets);
        values[index] = saved - Step;
        var minus = network.TrainStep(inputs, targets);
        values[index] = saved;
        return (plus - minus) / (2 * Step);
    }

    /// <summary>Inputs in [−1, 1) and targets fitting the loss: one-hot rows, 0/1 labels, or any values.</summary>
    public static (T[] Inputs, T[] Targets) Batch<T>(INetwork<T> network, int samples, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var inputs = new T[samples * network.InputLength];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = T.CreateTruncating(2 * rng.NextDouble() - 1);
        var targets = new T[samples * network.OutputLength];
        for (var s = 0; s < samples; s++)
        {
            var row = targets.AsSpan(s * network.OutputLength, network.OutputLength);
            switch (network.Loss)
            {
                case LossKind.CrossEntropy:
                    row[rng.NextInt(row.Length)] = T.One;
                    break;
                case LossKind.BinaryCrossEntropy:
                    for (var j = 0; j < row.Length; j++) row[j] = rng.NextDouble() < 0.5 ? T.Zero : T.One;
                    break;
                default:
                    for (var j = 0; j < row.Length; j++) row[j] = T.CreateTruncating(2 * rng.NextDouble() - 1);
                    break;
            }
        }
        return (inputs, targets);
    }
}
