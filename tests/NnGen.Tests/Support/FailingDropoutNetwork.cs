namespace NnGen.Tests.Support;

/// <summary>
/// A network that behaves as the one it wraps until <see cref="Fail"/> is set; from then on reading its
/// <see cref="DropoutRng"/>, which only a checkpoint write does, throws, as a disk failure in the middle of saving would.
/// </summary>
public sealed class FailingDropoutNetwork<T>(INetwork<T> inner) : INetwork<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public bool Fail { get; set; }

    public Rng? DropoutRng => Fail ? throw new IOException("Simulated failure while writing the checkpoint.") : inner.DropoutRng;

    public int InputLength => inner.InputLength;
    public int OutputLength => inner.OutputLength;
    public int ParameterCount => inner.ParameterCount;
    public LossKind Loss => inner.Loss;
    public string Summary => inner.Summary;
    public IReadOnlyList<ParameterTensor> ParameterTensors => inner.ParameterTensors;
    public IReadOnlyList<LayerDescription> Layers => inner.Layers;
    public Span<T> Parameters => inner.Parameters;
    public Span<T> Buffers => inner.Buffers;
    public IReadOnlyList<ParameterTensor> BufferTensors => inner.BufferTensors;
    public Span<T> Gradients => inner.Gradients;
    public void Predict(ReadOnlySpan<T> input, Span<T> output) => inner.Predict(input, output);
    public void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs) => inner.PredictBatch(inputs, outputs);
    public T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs) => inner.Evaluate(inputs, targets, outputs);
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets) => inner.TrainStep(inputs, targets);
    public T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> inputGradients) => inner.TrainStep(inputs, targets, inputGradients);
}
