using System.Numerics;

namespace NnGen;

/// <summary>
/// What every generated network offers, so that training, evaluation and I/O are ordinary library code.
/// The generator implements it on each network class; <typeparamref name="T"/> is float or double.
/// </summary>
/// <remarks>
/// Batches are flat, sample after sample: <c>inputs</c> holds n·<see cref="InputLength"/> values,
/// <c>targets</c> and <c>outputs</c> n·<see cref="OutputLength"/>.
/// </remarks>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The values in one input sample.</summary>
    int InputLength { get; }

    /// <summary>The values in one output sample.</summary>
    int OutputLength { get; }

    /// <summary>The length of <see cref="Parameters"/> and <see cref="Gradients"/>.</summary>
    int ParameterCount { get; }

    /// <summary>The loss that <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/> minimizes.</summary>
    LossKind Loss { get; }

    /// <summary>The network's layer table: each layer with its output shape and parameter count.</summary>
    string Summary { get; }

    /// <summary>Where each weight and bias tensor lies in <see cref="Parameters"/>, in layer order.</summary>
    IReadOnlyList<ParameterTensor> ParameterTensors { get; }

    /// <summary>The layers after [Input], in order, as plain data.</summary>
    IReadOnlyList<LayerDescription> Layers { get; }

    /// <summary>
    /// The generator that draws Dropout's masks in TrainStep (seeded from the constructor's seed); null when the
    /// network has no Dropout. A checkpoint saves its state so that a resumed run draws the same masks.
    /// </summary>
    Rng? DropoutRng { get; }

    /// <summary>Every trainable value in one contiguous buffer, in PyTorch's layouts.</summary>
    Span<T> Parameters { get; }

    /// <summary>
    /// Non-trainable state that inference needs, in one contiguous buffer: BatchNorm's running means and variances
    /// (empty when the network has none). Training updates it; save it with <see cref="Parameters"/>.
    /// </summary>
    Span<T> Buffers { get; }

    /// <summary>Where each running statistic lies in <see cref="Buffers"/>, with PyTorch's names (<c>1.running_mean</c>, …).</summary>
    IReadOnlyList<ParameterTensor> BufferTensors { get; }

    /// <summary>The gradient of the last <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, laid out like <see cref="Parameters"/>.</summary>
    Span<T> Gradients { get; }

    /// <summary>Runs one sample through the network in inference mode; allocates nothing.</summary>
    void Predict(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>Runs n samples through the network in inference mode.</summary>
    void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs);

    /// <summary>Runs n samples in inference mode, writes the outputs and returns the mean loss against the targets.</summary>
    T Evaluate(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> outputs);

    /// <summary>
    /// Forward pass in training mode, loss and backward pass over n samples: overwrites <see cref="Gradients"/> with
    /// the gradient of the mean loss and returns that loss. Parameters are left unchanged; an optimizer applies the step.
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets);

    /// <summary>
    /// As <see cref="TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/>, and also writes the gradient of the mean loss
    /// with respect to every input value into <paramref name="inputGradients"/> (n·<see cref="InputLength"/> values).
    /// </summary>
    T TrainStep(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, Span<T> inputGradients);

    /// <summary>
    /// The outputs of the last TrainStep's forward pass, n·<see cref="OutputLength"/> values in training mode (Dropout
    /// on, BatchNorm on batch statistics). Fit counts the training accuracy from them, as Keras does, instead of
    /// running the training set through the network again; empty when a network does not keep them.
    /// </summary>
    ReadOnlySpan<T> TrainingOutputs => default;
}
