using System.Numerics;
using System.Runtime.Intrinsics;

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
        Begin<T>(parameters.Length, gradients.Length);
        Update(parameters, gradients);
    }

    /// <summary>
    /// <see cref="Step{T}"/> that also leaves the parameters as they were before the step in
    /// <paramref name="previous"/> (Fit's copy for undoing a diverged step); an optimizer may do both in one pass.
    /// </summary>
    internal void StepKeepingPrevious<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previous) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (previous.Length != parameters.Length)
            throw new ArgumentException($"{GetType().Name}.Step: {parameters.Length} parameters but room for {previous.Length} previous values.", nameof(previous));
        Begin<T>(parameters.Length, gradients.Length);
        UpdateKeepingPrevious(parameters, gradients, previous);
    }

    /// <summary>Checks the lengths, makes the state and counts the step.</summary>
    private void Begin<T>(int parameters, int gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (gradients != parameters)
        {
            throw new ArgumentException(
                $"{GetType().Name}.Step: the gradient buffer must be as long as the parameter buffer: " +
                $"expected {parameters} gradients, got {gradients}.",
                "gradients");
        }

        EnsureState<T>(parameters);
        Steps++;
    }

    /// <summary>Copies the parameters to <paramref name="previous"/>, then updates them; Adam does both in one pass.</summary>
    private protected virtual void UpdateKeepingPrevious<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previous)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        parameters.CopyTo(previous);
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

    /// <summary>How many buffers of parameter length the optimizer keeps once it has stepped (0 for plain SGD).</summary>
    internal int StateBufferCount => _stateBufferCount;

    /// <summary>
    /// Copies of the state buffers, typed like the network's values, for a checkpoint; empty before the first step
    /// (and for an optimizer without state).
    /// </summary>
    /// <exception cref="InvalidOperationException">The state was made for values of another type than <typeparamref name="T"/>.</exception>
    internal T[][] ExportState<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_state is null) return [];
        if (_stateType != typeof(T))
        {
            throw new InvalidOperationException(
                $"This {GetType().Name} keeps state for {_stateType!.Name} parameters, not {typeof(T).Name}; it belongs to another network.");
        }

        return [.. _state.Select(buffer => ((T[])buffer).ToArray())];
    }

    /// <summary>
    /// Replaces the step count, the learning rate and the state buffers with those <see cref="ExportState{T}"/> gave
    /// another optimizer of the same type, so that the next step continues that optimizer's sequence bit for bit.
    /// Checks everything before it changes anything.
    /// </summary>
    /// <param name="typeName">The full type name of the optimizer that exported the state.</param>
    /// <param name="steps">Its <see cref="Steps"/>.</param>
    /// <param name="learningRate">Its <see cref="LearningRate"/>.</param>
    /// <param name="buffers">Its state buffers: none when <paramref name="steps"/> is 0, otherwise <see cref="StateBufferCount"/> of them.</param>
    /// <param name="parameterCount">The length of the network's parameter buffer, which every state buffer must have.</param>
    /// <exception cref="ArgumentException">The state belongs to another optimizer type or does not fit; the message names both sides.</exception>
    internal void ImportState<T>(string typeName, long steps, double learningRate, T[][] buffers, int parameterCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = ImportProblem(typeName, steps, learningRate, buffers.Length, buffers.Select(b => b.Length), parameterCount);
        if (problem is not null) throw new ArgumentException(problem, nameof(buffers));

        LearningRate = learningRate;
        Steps = steps;
        if (steps == 0)
        {
            _state = null;
            _stateType = null;
            _stateLength = 0;
            return;
        }

        _state = [.. buffers.Select(buffer => (Array)buffer.ToArray())];
        _stateType = typeof(T);
        _stateLength = parameterCount;
    }

    /// <summary>Why a state could not be imported by <see cref="ImportState{T}"/>, or null when it can.</summary>
    internal string? ImportProblem(
        string typeName, long steps, double learningRate, int bufferCount, IEnumerable<int> bufferLengths, int parameterCount)
    {
        var own = GetType().FullName;
        if (typeName != own)
            return $"the optimizer state is of {typeName}, but FitOptions.Optimizer is {own}; use the same optimizer type to resume.";
        if (steps < 0) return $"the optimizer state counts {steps} steps; a step count cannot be negative.";
        if (!(double.IsFinite(learningRate) && learningRate >= 0))
            return $"the optimizer state's learning rate is {learningRate}; it must be a finite number ≥ 0.";
        var expected = steps == 0 ? 0 : _stateBufferCount;
        if (bufferCount != expected)
        {
            return $"the {GetType().Name} state after {steps} steps holds {bufferCount} buffers, but this {GetType().Name} keeps {expected} " +
                "(its settings differ, e.g. momentum 0 versus momentum > 0).";
        }

        foreach (var length in bufferLengths)
        {
            if (length != parameterCount)
                return $"an optimizer state buffer holds {length} values, but the network has {parameterCount} parameters.";
        }

        return null;
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

    /// <summary>
    /// The fewest values an update shares between the threads (<see cref="Workers.ForRange"/>); each element's update
    /// depends on that element alone, so any split gives the same bits.
    /// </summary>
    private protected const int ParallelLength = 32768;

    /// <summary>
    /// Sets the state's subnormal values to zero (flush-to-zero, which PyTorch offers as <c>set_flush_denormal</c>).
    /// A moment decays geometrically while its gradient stays zero, as for a weight fed by a pixel that is dark in
    /// most images, and passes through the subnormal range on its way to zero; on x86 every operation on a subnormal
    /// value costs about a hundred times a normal one, which made Adam on MNIST several times slower after a few
    /// hundred steps. A value below the smallest normal one moves the parameter by less than 10⁻³⁰ of a step.
    /// </summary>
    private protected static Vector<T> FlushSubnormal<T>(Vector<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<T>(SmallestNormal<T>.Value)), Vector<T>.Zero, x);

    /// <inheritdoc cref="FlushSubnormal{T}(Vector{T})"/>
    /// <remarks>Tests the exponent's bits, which the JIT makes one instruction, where |x| &lt; 2⁻¹²⁶ takes two.</remarks>
    private protected static Vector512<float> FlushSubnormal(Vector512<float> x) =>
        Vector512.ConditionalSelect(
            Vector512.Equals(x.AsInt32() & Vector512.Create(0x7F800000), Vector512<int>.Zero).AsSingle(),
            Vector512<float>.Zero, x);

    /// <summary>
    /// The smallest positive normal float, 2⁻¹²⁶, as a constant: Adam's loop is compiled fully optimized at its first
    /// call, before a static field's class is known to be initialized, and a check there made the JIT keep m and v
    /// on the stack around it.
    /// </summary>
    private protected const float SmallestNormalFloat = 1.17549435e-38f;

    /// <inheritdoc cref="FlushSubnormal{T}(Vector{T})"/>
    private protected static T FlushSubnormal<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.IsSubnormal(x) ? T.Zero : x;

    /// <inheritdoc cref="FlushSubnormal{T}(Vector{T})"/>
    private protected static void FlushSubnormals<T>(Span<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
                FlushSubnormal(new Vector<T>(x[i..])).CopyTo(x[i..]);
        }

        for (; i < x.Length; i++) x[i] = FlushSubnormal(x[i]);
    }

    /// <summary>The smallest positive normal value of <typeparamref name="T"/> (float 2⁻¹²⁶, double 2⁻¹⁰²²).</summary>
    private static class SmallestNormal<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly T Value = Find();

        private static T Find()
        {
            var x = T.Epsilon;
            while (T.IsSubnormal(x)) x += x;
            return x;
        }
    }

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
