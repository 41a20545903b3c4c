namespace NnGen.Plots.Tests.Support;

/// <summary>
/// The smallest network Fit can train, so the tests get real <see cref="History"/> objects (its constructor is
/// internal): one dense layer z = W x + b, W (out, in), then identity with MeanSquaredError (½|y − t|²) or softmax
/// with CrossEntropy (−Σ t log y). For both, ∂L/∂z = y − t per sample, divided by n for the batch mean.
/// </summary>
/// <remarks>Parameters: W (out, in) at offset 0, then b (out).</remarks>
public sealed class TinyDenseNetwork : INetwork<double>
{
    private readonly double[] _parameters;
    private readonly double[] _gradients;
    private readonly double[] _output; // (out) one sample's output y

    public TinyDenseNetwork(int inputLength, int outputLength, LossKind loss)
    {
        if (loss is not (LossKind.MeanSquaredError or LossKind.CrossEntropy)) throw new ArgumentOutOfRangeException(nameof(loss), loss, "MeanSquaredError or CrossEntropy.");
        InputLength = inputLength;
        OutputLength = outputLength;
        Loss = loss;
        _parameters = new double[outputLength * inputLength + outputLength];
        _gradients = new double[_parameters.Length];
        _output = new double[outputLength];
        ParameterTensors =
        [
            new ParameterTensor("0.weight", 0, [outputLength, inputLength], ParameterRole.Weight),
            new ParameterTensor("0.bias", outputLength * inputLength, [outputLength], ParameterRole.Bias),
        ];
        for (var i = 0; i < outputLength * inputLength; i++) _parameters[i] = 0.1 * Math.Sin(i + 1); // small, fixed, not symmetric
    }

    public int InputLength { get; }

    public int OutputLength { get; }

    public int ParameterCount => _parameters.Length;

    public LossKind Loss { get; }

    public string Summary => $"Dense {InputLength}→{OutputLength}, {Loss}";

    public IReadOnlyList<ParameterTensor> ParameterTensors { get; }

    public IReadOnlyList<LayerDescription> Layers => [new LayerDescription(0, LayerKind.Dense, [InputLength], [OutputLength]) { Bias = true }];

    public Rng? DropoutRng => null;

    public Span<double> Parameters => _parameters;

    public Span<double> Gradients => _gradients;

    public Span<double> Buffers => Span<double>.Empty;

    public IReadOnlyList<ParameterTensor> BufferTensors => [];

    public void Predict(ReadOnlySpan<double> input, Span<double> output) => Forward(input, output, default);

    public void PredictBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        for (var s = 0; s < inputs.Length / InputLength; s++)
        {
            Forward(inputs.Slice(s * InputLength, InputLength), outputs.Slice(s * OutputLength, OutputLength), default);
        }
    }

    public double Evaluate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> outputs)
    {
        var n = inputs.Length / InputLength;
        var total = 0.0;
        for (var s = 0; s < n; s++)
        {
            total += Forward(inputs.Slice(s * InputLength, InputLength), outputs.Slice(s * OutputLength, OutputLength), targets.Slice(s * OutputLength, OutputLength));
        }

        return total / n;
    }

    public double TrainStep(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets) => TrainStep(inputs, targets, []);

    public double TrainStep(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, Span<double> inputGradients)
    {
        var n = inputs.Length / InputLength;
        _gradients.AsSpan().Clear();
        var total = 0.0;
        for (var s = 0; s < n; s++)
        {
            var x = inputs.Slice(s * InputLength, InputLength);
            var t = targets.Slice(s * OutputLength, OutputLength);
            total += Forward(x, _output, t);
            if (!inputGradients.IsEmpty) inputGradients.Slice(s * InputLength, InputLength).Clear();
            for (var o = 0; o < OutputLength; o++)
            {
                var delta = (_output[o] - t[o]) / n; // ∂L/∂z
                _gradients[OutputLength * InputLength + o] += delta;
                for (var i = 0; i < InputLength; i++)
                {
                    _gradients[o * InputLength + i] += delta * x[i];
                    if (!inputGradients.IsEmpty) inputGradients[s * InputLength + i] += delta * _parameters[o * InputLength + i];
                }
            }
        }

        return total / n;
    }

    /// <summary>y = act(W x + b); returns the sample's loss against <paramref name="target"/> (0 when empty).</summary>
    private double Forward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> target)
    {
        for (var o = 0; o < OutputLength; o++)
        {
            var z = _parameters[OutputLength * InputLength + o];
            for (var i = 0; i < InputLength; i++) z += _parameters[o * InputLength + i] * x[i];
            y[o] = z;
        }

        var loss = 0.0;
        if (Loss == LossKind.MeanSquaredError)
        {
            for (var o = 0; o < target.Length; o++) loss += 0.5 * (y[o] - target[o]) * (y[o] - target[o]);
            return loss;
        }

        var max = double.NegativeInfinity;
        for (var o = 0; o < OutputLength; o++) max = Math.Max(max, y[o]);
        var sum = 0.0;
        for (var o = 0; o < OutputLength; o++) sum += Math.Exp(y[o] - max);
        for (var o = 0; o < target.Length; o++) loss -= target[o] * (y[o] - max - Math.Log(sum));
        for (var o = 0; o < OutputLength; o++) y[o] = Math.Exp(y[o] - max) / sum;
        return loss;
    }
}
