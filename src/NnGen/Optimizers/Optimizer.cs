using System.Numerics;

namespace NnGen;

/// <summary>
/// Updates a network's flat parameter buffer from its flat gradient buffer, one <see cref="Step{T}"/> per mini-batch.
/// </summary>
/// <remarks>
/// <para>
/// An optimizer with state (velocity, moment estimates) allocates it on the first <see cref="Step{T}"/>, sized to that
/// call's buffer and typed like it; every later call must pass buffers of the same length and type, so one optimizer
/// belongs to one network. <see cref="Reset"/> forgets the state and the step count.
/// </para>
/// <para>
/// Updates are element-wise, so each optimizer is a few vectorized passes (System.Numerics.Tensors) over the buffer,
/// taken a chunk at a time so that the chunk stays in the L1 cache.
/// </para>
/// </remarks>
public abstract class Optimizer
{
    /// <summary>Values per chunk of the update loops; two scratch chunks of this size fit on the stack.</summary>
    protected const int ChunkLength = 256;

    private readonly int _stateBufferCount;
    private Array[]? _state;
    private Type? _stateType;
    private int _stateLength;
    private double _learningRate;

    /// <summary>Sets the learning rate and the number of per-parameter state buffers the optimizer keeps.</summary>
    /// <param name="learningRate">The step size, ≥ 0.</param>
    /// <param name="stateBufferCount">How many buffers of parameter length <see cref="State{T}"/> serves (0 for plain SGD).</param>
    protected Optimizer(double learningRate, int stateBufferCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stateBufferCount);
        LearningRate = learningRate;
        _stateBufferCount = stateBufferCount;
    }

    /// <summary>The step size; may be changed between steps (a schedule).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be a finite number ≥ 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The number of <see cref="Step{T}"/> calls since construction or the last <see cref="Reset"/>; the t of Adam's bias correction.</summary>
    public long Steps { get; private set; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>.</summary>
    /// <param name="parameters">The network's flat parameter buffer.</param>
    /// <param name="gradients">The gradient of the loss, laid out like <paramref name="parameters"/>.</param>
    /// <exception cref="ArgumentException">
    /// The two buffers differ in length, or they differ in length or type from the buffers of the first step.
    /// </exception>
    public void Step<T>(Span<T> parameters, ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException(
                $"{GetType().Name}.Step: the gradient buffer must be as long as the parameter buffer: " +
                $"expected {parameters.Length} gradients, got {gradients.Length}.",
                nameof(gradients));
        }

        EnsureState<T>(parameters.Length);
        Steps++;
        Update(parameters, gradients);
    }

    /// <summary>Forgets the state buffers and the step count, as if the optimizer were new; the next step may use any buffer.</summary>
    public void Reset()
    {
        _state = null;
        _stateType = null;
        _stateLength = 0;
        Steps = 0;
    }

    /// <summary>
    /// Applies one update. Called by <see cref="Step{T}"/> after the lengths are checked, the state exists and
    /// <see cref="Steps"/> counts this step (1 on the first call).
    /// </summary>
    /// <param name="parameters">The parameters to update in place.</param>
    /// <param name="gradients">Their gradients, of the same length.</param>
    protected abstract void Update<T>(Span<T> parameters, ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>State buffer number <paramref name="index"/>: parameter length, zero before the first update.</summary>
    /// <param name="index">0 ≤ index &lt; the count given to the constructor.</param>
    protected Span<T> State<T>(int index) where T : unmanaged, IFloatingPointIeee754<T> => (T[])_state![index];

    /// <summary>Converts a hyperparameter to the buffers' type.</summary>
    /// <param name="value">The value in double.</param>
    protected static T Scalar<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(value);

    private void EnsureState<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_stateType is null)
        {
            var state = new Array[_stateBufferCount];
            for (var i = 0; i < state.Length; i++) state[i] = new T[length];
            _state = state;
            _stateType = typeof(T);
            _stateLength = length;
            return;
        }

        if (_stateType != typeof(T) || _stateLength != length)
        {
            throw new ArgumentException(
                $"This {GetType().Name} keeps state for the buffer of its first step: expected {_stateLength} {_stateType.Name} " +
                $"parameters, got {length} {typeof(T).Name}. Use one optimizer per network, or call Reset() before reusing it on another.");
        }
    }
}
