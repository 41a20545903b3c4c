using System.Numerics;

namespace NnGen;

/// <summary>
/// A penalty on the size of a network's weights, added to the loss: it adds its gradient to the weights' gradients
/// and returns its value. Only tensors whose <see cref="ParameterTensor.Role"/> is <see cref="ParameterRole.Weight"/>
/// are penalized; biases are left alone.
/// </summary>
public abstract class Regularizer
{
    /// <summary>Sets the strength λ.</summary>
    /// <param name="lambda">λ, a finite number ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lambda"/> is negative, NaN or infinite.</exception>
    protected Regularizer(double lambda)
    {
        if (!(lambda >= 0 && double.IsFinite(lambda)))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The regularization strength λ must be a finite number ≥ 0.");
        }

        Lambda = lambda;
    }

    /// <summary>λ, the strength of the penalty.</summary>
    public double Lambda { get; }

    /// <summary>
    /// Adds the penalty's gradient to <paramref name="gradients"/> over every weight tensor and returns the penalty.
    /// </summary>
    /// <param name="tensors">Where the weights and biases lie in the buffers (<see cref="INetwork{T}.ParameterTensors"/>).</param>
    /// <param name="parameters">The flat parameter buffer.</param>
    /// <param name="gradients">The flat gradient buffer, added to in place.</param>
    /// <returns>The penalty, summed over the weight tensors.</returns>
    /// <exception cref="ArgumentException">The buffers differ in length, or a tensor lies outside them.</exception>
    public T Apply<T>(IReadOnlyList<ParameterTensor> tensors, ReadOnlySpan<T> parameters, Span<T> gradients)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException(
                $"The gradient buffer must be as long as the parameter buffer: expected {parameters.Length} gradients, got {gradients.Length}.",
                nameof(gradients));
        }

        // Indexed loops, not foreach: enumerating an IReadOnlyList allocates, and Fit calls this every step.
        var penalty = T.Zero;
        for (var t = 0; t < tensors.Count; t++)
        {
            var tensor = tensors[t];
            if (tensor.Role != ParameterRole.Weight) continue;
            var length = 1;
            for (var d = 0; d < tensor.Shape.Count; d++) length *= tensor.Shape[d];
            if (tensor.Offset < 0 || tensor.Offset + length > parameters.Length)
            {
                throw new ArgumentException(
                    $"Tensor '{tensor.Name}' covers [{tensor.Offset}, {tensor.Offset + length}), outside the parameter buffer of {parameters.Length} values.",
                    nameof(tensors));
            }

            penalty += ApplyToWeights(parameters.Slice(tensor.Offset, length), gradients.Slice(tensor.Offset, length));
        }

        return penalty;
    }

    /// <summary>Adds the penalty's gradient to <paramref name="network"/>'s <see cref="INetwork{T}.Gradients"/> and returns the penalty.</summary>
    /// <param name="network">The network whose last <see cref="INetwork{T}.TrainStep(ReadOnlySpan{T}, ReadOnlySpan{T})"/> filled the gradients.</param>
    /// <returns>The penalty, summed over the weight tensors.</returns>
    public T Apply<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return Apply(network.ParameterTensors, network.Parameters, network.Gradients);
    }

    /// <summary>Adds the penalty's gradient for one weight tensor and returns its penalty.</summary>
    /// <param name="weights">The tensor's values.</param>
    /// <param name="gradients">Their gradients, added to in place.</param>
    protected abstract T ApplyToWeights<T>(ReadOnlySpan<T> weights, Span<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>;
}
