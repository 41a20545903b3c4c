using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace NnGen.Gpu;

/// <summary>
/// A network's kernels loaded on one accelerator, with every buffer they read and write kept on the device:
/// parameters, gradients, running statistics, optimizer state, the batch, each layer's outputs and gradients.
/// The generator derives one per network (a nested <c>GpuProgram</c> class) and sequences its kernels in
/// <see cref="Forward"/>, <see cref="Loss"/> and <see cref="Backward"/>; this base class owns the buffers every
/// network has and turns an <see cref="Optimizer"/>'s settings into the scalars of its update kernel.
/// </summary>
/// <remarks>Buffers are flat, sample after sample, as on the CPU; parameters use the network's PyTorch layouts.</remarks>
public abstract class GpuProgram<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<MemoryBuffer> _batchBuffers = [];
    private MemoryBuffer1D<T, Stride1D.Dense>? _inputs, _targets, _outputs, _inputGradients;
    private MemoryBuffer1D<T, Stride1D.Dense>? _state0, _state1;
    private readonly Action<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int> _gather;

    /// <summary>Allocates the buffers every network has and loads the gather kernel shared by all.</summary>
    protected GpuProgram(Accelerator accelerator, int inputLength, int outputLength, int parameterCount, int bufferCount)
    {
        Accelerator = accelerator;
        InputLength = inputLength;
        OutputLength = outputLength;
        ParameterCount = parameterCount;
        BufferCount = bufferCount;
        ParameterBuffer = accelerator.Allocate1D<T>(Math.Max(parameterCount, 1));
        GradientBuffer = accelerator.Allocate1D<T>(Math.Max(parameterCount, 1));
        StatisticsBuffer = accelerator.Allocate1D<T>(Math.Max(bufferCount, 1));
        LossBuffer = accelerator.Allocate1D<double>(1);
        LossBuffer.MemSetToZero();
        CorrectBuffer = accelerator.Allocate1D<int>(1);
        CorrectBuffer.MemSetToZero();
        _gather = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<int>, ArrayView<T>, int>(CopyKernels.Gather);
    }

    /// <summary>The accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The values in one input sample.</summary>
    public int InputLength { get; }

    /// <summary>The values in one output sample.</summary>
    public int OutputLength { get; }

    /// <summary>The number of trainable values.</summary>
    public int ParameterCount { get; }

    /// <summary>The number of running statistics (BatchNorm).</summary>
    public int BufferCount { get; }

    /// <summary>The largest batch the buffers hold now; <see cref="EnsureCapacity"/> grows it.</summary>
    public int Capacity { get; private set; }

    /// <summary>(P) every trainable value, laid out like the network's Parameters.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> ParameterBuffer { get; }

    /// <summary>(P) the gradient of the last <see cref="Backward"/>, laid out like the parameters.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> GradientBuffer { get; }

    /// <summary>(S) BatchNorm's running means and variances, laid out like the network's Buffers.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> StatisticsBuffer { get; }

    /// <summary>(1) the sum of the per-sample losses that <see cref="Loss"/> added since it was last cleared.</summary>
    public MemoryBuffer1D<double, Stride1D.Dense> LossBuffer { get; }

    /// <summary>(1) the number of samples <see cref="Loss"/> found classified correctly since it was last cleared (Accuracy.ClassOf's rule).</summary>
    public MemoryBuffer1D<int, Stride1D.Dense> CorrectBuffer { get; }

    /// <summary>(1) the correct-sample count as a view.</summary>
    public ArrayView<int> CorrectCount => CorrectBuffer.View;

    /// <summary>(P) the parameters as a view, for kernels and copies.</summary>
    public ArrayView<T> Parameters => ParameterBuffer.View;

    /// <summary>(P) the gradients as a view.</summary>
    public ArrayView<T> Gradients => GradientBuffer.View;

    /// <summary>(S) the running statistics as a view.</summary>
    public ArrayView<T> Statistics => StatisticsBuffer.View;

    /// <summary>(1) the loss sum as a view.</summary>
    public ArrayView<double> LossSum => LossBuffer.View;

    /// <summary>(Capacity, InputLength) the batch's inputs.</summary>
    public ArrayView<T> Inputs => _inputs!.View;

    /// <summary>(Capacity, OutputLength) the batch's targets.</summary>
    public ArrayView<T> Targets => _targets!.View;

    /// <summary>(Capacity, OutputLength) the network's outputs for the batch.</summary>
    public ArrayView<T> Outputs => _outputs!.View;

    /// <summary>(Capacity, InputLength) ∂L/∂inputs, written by <see cref="Backward"/> when asked.</summary>
    public ArrayView<T> InputGradients => _inputGradients!.View;

    /// <summary>The seed of Dropout's masks; with <see cref="DropoutStep"/> and the value's index it fixes each mask value.</summary>
    public uint DropoutSeed { get; set; }

    /// <summary>Counts training forward passes, so that each draws fresh Dropout masks.</summary>
    public uint DropoutStep { get; set; }

    /// <summary>Grows every batch-sized buffer to hold <paramref name="n"/> samples; their contents are lost when they grow.</summary>
    public void EnsureCapacity(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (n <= Capacity) return;
        foreach (var buffer in _batchBuffers) buffer.Dispose();
        _batchBuffers.Clear();
        _inputs = Allocate(n * InputLength);
        _targets = Allocate(n * OutputLength);
        _outputs = Allocate(n * OutputLength);
        _inputGradients = Allocate(n * InputLength);
        AllocateLayers(n);
        Capacity = n;
    }

    /// <summary>Copies rows <paramref name="order"/>[start..start+count) of <paramref name="source"/> into <paramref name="destination"/>, row after row.</summary>
    public void Gather(ArrayView<T> source, ArrayView<int> order, int start, int count, int rowLength, ArrayView<T> destination) =>
        _gather(count * rowLength, source, order.SubView(start, count), destination, rowLength);

    /// <summary>Runs the network over the n samples in <see cref="Inputs"/> into <see cref="Outputs"/>; training mode keeps what backward needs.</summary>
    public abstract void Forward(int n, bool training);

    /// <summary>
    /// Adds the n samples' losses (outputs of the last <see cref="Forward"/> against <see cref="Targets"/>) to
    /// <see cref="LossBuffer"/> and count those classified correctly in <see cref="CorrectBuffer"/>; with <paramref name="gradient"/>, also writes the gradient of their mean for <see cref="Backward"/>.
    /// </summary>
    public abstract void Loss(int n, bool gradient);

    /// <summary>Overwrites <see cref="GradientBuffer"/> with the gradient of the mean loss; fills <see cref="InputGradients"/> when asked.</summary>
    public abstract void Backward(int n, bool inputGradients);

    /// <summary>
    /// Applies one step of <paramref name="optimizer"/> to <see cref="ParameterBuffer"/>, the <paramref name="step"/>-th
    /// (from 1; Adam's bias correction reads it), with the same formulas as the optimizer's CPU Step.
    /// </summary>
    public void Optimize(Optimizer optimizer, long step)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var rate = optimizer.LearningRate;
        switch (optimizer)
        {
            case Sgd sgd:
                // p ← p − η·g; with momentum v ← μ·v + g, then p ← p − η·v, or p ← p − η·(g + μ·v) for Nesterov.
                LaunchSgd(Scalar(-rate), Scalar(sgd.Momentum), sgd.Momentum == 0 ? 0 : sgd.Nesterov ? 2 : 1,
                    sgd.Momentum == 0 ? Gradients : State(0));
                break;
            case RmsProp rms:
                // s ← ρ·s + (1 − ρ)·g², p ← p − η·g / (√s + ε)
                LaunchRmsProp(Scalar(-rate), Scalar(rms.Rho), Scalar(1 - rms.Rho), Scalar(rms.Epsilon), State(0));
                break;
            case Adam adam:
                // m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε);
                // AdamW first shrinks p by (1 − η·λ), Adam with weight decay adds λ·p to g.
                var coupled = !adam.DecoupledWeightDecay ? adam.WeightDecay : 0;
                var shrink = adam.DecoupledWeightDecay ? 1 - rate * adam.WeightDecay : 1;
                LaunchAdam(
                    Scalar(adam.Beta1), Scalar(1 - adam.Beta1), Scalar(adam.Beta2), Scalar(1 - adam.Beta2), Scalar(adam.Epsilon),
                    Scalar(-rate / (1 - Math.Pow(adam.Beta1, step))), Scalar(Math.Sqrt(1 - Math.Pow(adam.Beta2, step))),
                    Scalar(coupled), Scalar(shrink), State(0), State(1));
                break;
            default:
                throw new NotSupportedException(
                    $"{optimizer.GetType().Name} has no GPU update kernel; the GPU trainer runs Sgd, RmsProp, Adam and AdamW.");
        }
    }

    /// <summary>Forgets the optimizer's state (momenta), as a fresh optimizer would start.</summary>
    public void ResetOptimizerState()
    {
        _state0?.MemSetToZero();
        _state1?.MemSetToZero();
    }

    /// <summary>Launches the SGD kernel: mode 0 plain, 1 momentum, 2 Nesterov; <paramref name="velocity"/> is unused (the gradients) in mode 0.</summary>
    protected abstract void LaunchSgd(T minusRate, T momentum, int mode, ArrayView<T> velocity);

    /// <summary>Launches the RMSProp kernel over the parameters with the mean square <paramref name="meanSquare"/>.</summary>
    protected abstract void LaunchRmsProp(T minusRate, T rho, T oneMinusRho, T epsilon, ArrayView<T> meanSquare);

    /// <summary>Launches the Adam kernel; <paramref name="weightDecay"/> is 0 for AdamW, <paramref name="shrink"/> 1 for Adam.</summary>
    protected abstract void LaunchAdam(T beta1, T oneMinusBeta1, T beta2, T oneMinusBeta2, T epsilon, T minusStepSize,
        T secondMomentCorrection, T weightDecay, T shrink, ArrayView<T> firstMoment, ArrayView<T> secondMoment);

    /// <summary>Allocates the generated network's batch-sized buffers (layer outputs, gradients, masks) for <paramref name="capacity"/> samples.</summary>
    protected abstract void AllocateLayers(int capacity);

    /// <summary>A zeroed device buffer of <paramref name="length"/> values that lives until the batch capacity grows or the program is disposed.</summary>
    protected MemoryBuffer1D<T, Stride1D.Dense> Allocate(int length)
    {
        var buffer = Accelerator.Allocate1D<T>(Math.Max(length, 1));
        buffer.MemSetToZero();
        _batchBuffers.Add(buffer);
        return buffer;
    }

    /// <summary>The launch shape of a 16 × 16-tiled matrix product with <paramref name="rows"/> × <paramref name="columns"/> results.</summary>
    protected static KernelConfig Tiles(int rows, int columns) =>
        new(new Index2D((columns + 15) / 16, (rows + 15) / 16), new Index2D(16, 16));

    /// <summary>
    /// As <see cref="Tiles"/>, with the sum over <paramref name="depth"/> split among groups along z (about 256 terms
    /// each, at most 256 splits), for weight gradients whose sum runs over a whole batch of pixels.
    /// </summary>
    protected static KernelConfig SplitTiles(int rows, int columns, int depth) =>
        new(new Index3D((columns + 15) / 16, (rows + 15) / 16, Math.Clamp(depth / 256, 1, 256)), new Index3D(16, 16, 1));

    /// <summary>The launch shape of one 256-thread group per channel, for per-channel sums.</summary>
    protected static KernelConfig PerChannel(int channels) => new(new Index1D(channels), new Index1D(256));

    private static T Scalar(double value) => T.CreateTruncating(value);

    private ArrayView<T> State(int index)
    {
        ref var buffer = ref index == 0 ? ref _state0 : ref _state1;
        if (buffer is null)
        {
            buffer = Accelerator.Allocate1D<T>(Math.Max(ParameterCount, 1));
            buffer.MemSetToZero();
        }

        return buffer.View;
    }

    /// <summary>Releases every device buffer this program allocated.</summary>
    public void Dispose()
    {
        foreach (var buffer in _batchBuffers) buffer.Dispose();
        _batchBuffers.Clear();
        _state0?.Dispose();
        _state1?.Dispose();
        ParameterBuffer.Dispose();
        GradientBuffer.Dispose();
        StatisticsBuffer.Dispose();
        LossBuffer.Dispose();
        CorrectBuffer.Dispose();
        GC.SuppressFinalize(this);
    }
}
