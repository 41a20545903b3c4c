using System.Numerics;

namespace NnGen.Tests.Support;

/// <summary>
/// A hand-written stand-in for a generated network: one dense layer y = act(W x + b) with W of shape (out, in)
/// followed by the loss, in plain loops. The activation is the one each loss is fused with: identity for
/// MeanSquaredError (½|y − t|²), softmax for CrossEntropy, sigmoid for BinaryCrossEntropy; in all three the
/// gradient at the pre-activation z is y − t per sample, divided by n for the batch mean.
/// </summary>
/// <remarks>Parameters: W (out, in) at offset 0, then b (out). Allocates nothing after construction.</remarks>
public sealed class ReferenceLinearNetwork<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients;
    private readonly T[] _output; // (out) one sample's output y
    private readonly ParameterTensor[] _tensors;

    public ReferenceLinearNetwork(int inputLength, int outputLength, LossKind loss = LossKind.MeanSquaredError, ulong seed = 0)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        Loss = loss;
        _parameters = new T[outputLength * inputLength + outputLength];
        _gradients = new T[_parameters.Length];
        _output = new T[outputLength];
        _tensors =
        [
            new ParameterTensor("0.weight", 0, [outputLength, inputLength], ParameterRole.Weight),
            new ParameterTensor("0.bias", outputLength * inputLength, [outputLength], ParameterRole.Bias),
        ];
        Initializers.Glorot(Weights, inputLength, outputLength, new Rng(seed));
    }

    public int InputLength { get; }

    public int OutputLength { get; }

    public int ParameterCount => _parameters.Length;

    public LossKind Loss { get; }

    public string Summary => $"Dense {InputLength}→{OutputLength}, {ParameterCount} parameters, {Loss}";

    public IReadOnlyList<ParameterTensor> ParameterTensors => _tensors;

    public IReadOnlyList<LayerDescription> Layers => [new LayerDescription(0, LayerKind.Dense, [InputLength], [OutputLength]) { Bias = true }];

    public Rng? DropoutRng => null;

    public Span<T> Parameters => _parameters;

    public Span<T> Gradients => _gradients;

    public Span<T> Buffers => Span<T>.Empty;

    public IReadOnlyList<ParameterTensor> BufferTensors => [];

    /// <summary>How many samples TrainStep has seen, summed over calls.</summary>
    public long SamplesTrained { get; private set; }

    /// <summary>Called at the end of every TrainStep with the loss it returns (for tests that watch each step).</summary>
    public Action<T>? AfterTrainStep { get; set; }

    /// <summary>W, (out, in).</summary>
    public Span<T> Weights => _parameters.AsSpan(0, OutputLength * InputLength);

    /// <summary>b, (out).</summary>
    public Span<T> Biases => _parameters.AsSpan(OutputLength * InputLength, OutputLength);

    public void Predict(ReadOnlySpan<T> input, Span<T> output) => Forward(input, output);

    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        for (var s = 0; s < inputs.Length / InputLength; s++)
        {
            Forward(inputs.Slice(s * InputLength, InputLength), outputs.Slice(s * OutputLength, OutputLength));
        }
    }

    public T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs)
    {
        var n = inputs.Length / InputLength;
        var total = T.Zero;
        for (var s = 0; s < n; s++)
        {
            var y = outputs.Slice(s * OutputLength, OutputLength);
            total += Forward(inputs.Slice(s * InputLength, InputLength), y, targets.Slice(s * OutputLength, OutputLength));
        }

        return total / T.CreateTruncating(n);
    }

    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets) => TrainStep(inputs, targets, []);

    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> inputGradients)
    {
        var n = inputs.Length / InputLength;
        SamplesTrained += n;
        var scale = T.One / T.CreateTruncating(n);
        _gradients.AsSpan().Clear();
        var gradW = _gradients.AsSpan(0, OutputLength * InputLength);
        var gradB = _gradients.AsSpan(OutputLength * InputLength);
        var total = T.Zero;
        for (var s = 0; s < n; s++)
        {
            var x = inputs.Slice(s * InputLength, InputLength);
            var t = targets.Slice(s * OutputLength, OutputLength);
            total += Forward(x, _output, t);
            if (!inputGradients.IsEmpty) inputGradients.Slice(s * InputLength, InputLength).Clear();
            for (var o = 0; o < OutputLength; o++)
            {
                // ∂L/∂z = (y − t) / n for every fused loss.
                var delta = (_output[o] - t[o]) * scale;
                gradB[o] += delta;
                for (var i = 0; i < InputLength; i++)
                {
                    gradW[o * InputLength + i] += delta * x[i];
                    if (!inputGradients.IsEmpty) inputGradients[s * InputLength + i] += delta * Weights[o * InputLength + i];
                }
            }
        }

        var mean = total * scale;
        AfterTrainStep?.Invoke(mean);
        return mean;
    }

    /// <summary>y = act(W x + b); returns the sample's loss against <paramref name="target"/> (0 when empty).</summary>
    private T Forward(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> target = default)
    {
        var weights = Weights;
        var biases = Biases;
        for (var o = 0; o < OutputLength; o++)
        {
            var z = biases[o];
            for (var i = 0; i < InputLength; i++) z += weights[o * InputLength + i] * x[i];
            y[o] = z;
        }

        var loss = T.Zero;
        switch (Loss)
        {
            case LossKind.MeanSquaredError:
                // ½|y − t|²
                for (var o = 0; o < target.Length; o++) loss += (y[o] - target[o]) * (y[o] - target[o]) / T.CreateTruncating(2);
                break;

            case LossKind.CrossEntropy:
                // −Σ t log softmax(z), with log softmax(z) = z − max − log Σ e^(z − max)
                var max = y[0];
                for (var o = 1; o < OutputLength; o++) max = T.Max(max, y[o]);
                var sum = T.Zero;
                for (var o = 0; o < OutputLength; o++) sum += T.Exp(y[o] - max);
                var logSum = T.Log(sum);
                for (var o = 0; o < target.Length; o++) loss -= target[o] * (y[o] - max - logSum);
                for (var o = 0; o < OutputLength; o++) y[o] = T.Exp(y[o] - max) / sum;
                break;

            case LossKind.BinaryCrossEntropy:
                // −t log σ(z) − (1 − t) log(1 − σ(z)) = max(z, 0) − z t + log(1 + e^−|z|)
                for (var o = 0; o < target.Length; o++)
                {
                    var z = y[o];
                    loss += T.Max(z, T.Zero) - z * target[o] + T.Log(T.One + T.Exp(-T.Abs(z)));
                }

                for (var o = 0; o < OutputLength; o++) y[o] = T.One / (T.One + T.Exp(-y[o]));
                break;
        }

        return loss;
    }
}
