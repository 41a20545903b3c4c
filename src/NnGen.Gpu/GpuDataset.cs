using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace NnGen.Gpu;

/// <summary>
/// A dataset copied to the device once, with the order its rows are read in: a training epoch gathers each batch
/// there instead of copying it from the host.
/// </summary>
public sealed class GpuDataset<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _inputs;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _targets;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _order;
    private readonly int[] _hostOrder;

    /// <summary>Copies <paramref name="data"/> to <paramref name="accelerator"/>, in its own order.</summary>
    public GpuDataset(Accelerator accelerator, Dataset<T> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Count = data.Count;
        InputLength = data.InputLength;
        TargetLength = data.TargetLength;
        _inputs = accelerator.Allocate1D<T>(Math.Max(data.Inputs.Length, 1));
        _targets = accelerator.Allocate1D<T>(Math.Max(data.Targets.Length, 1));
        _order = accelerator.Allocate1D<int>(Math.Max(Count, 1));
        Inputs.SubView(0, data.Inputs.Length).CopyFromCPU(data.Inputs);
        Targets.SubView(0, data.Targets.Length).CopyFromCPU(data.Targets);
        _hostOrder = new int[Count];
        Reorder(null);
    }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>Values per input sample.</summary>
    public int InputLength { get; }

    /// <summary>Values per target sample.</summary>
    public int TargetLength { get; }

    /// <summary>(Count, InputLength) every input.</summary>
    public ArrayView<T> Inputs => _inputs.View;

    /// <summary>(Count, TargetLength) every target.</summary>
    public ArrayView<T> Targets => _targets.View;

    /// <summary>(Count) the order batches read the rows in.</summary>
    public ArrayView<int> Order => _order.View;

    /// <summary>Resets the order to 0, 1, …, then shuffles it with <paramref name="rng"/> (Fisher–Yates, as the CPU Fit) unless null.</summary>
    public void Reorder(Rng? rng)
    {
        for (var i = 0; i < Count; i++) _hostOrder[i] = i;
        rng?.Shuffle(_hostOrder.AsSpan());
        Order.SubView(0, Count).CopyFromCPU((ReadOnlySpan<int>)_hostOrder);
    }

    /// <summary>Releases the device buffers.</summary>
    public void Dispose()
    {
        _inputs.Dispose();
        _targets.Dispose();
        _order.Dispose();
    }
}
