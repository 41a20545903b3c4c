using ILGPU;

namespace NnGen.Gpu;

/// <summary>Kernels that only move values, shared by every network whatever its number type.</summary>
internal static class CopyKernels
{
    /// <summary>destination[i] = source[order[i / rowLength] · rowLength + i mod rowLength]: gathers shuffled rows into a batch.</summary>
    /// <param name="i">the value of the batch to write</param>
    /// <param name="source">(N, rowLength) the whole dataset on the device</param>
    /// <param name="order">(count) the dataset rows that make up the batch</param>
    /// <param name="destination">(count, rowLength) the batch</param>
    /// <param name="rowLength">values per row</param>
    public static void Gather<T>(Index1D i, ArrayView<T> source, ArrayView<int> order, ArrayView<T> destination, int rowLength)
        where T : unmanaged
    {
        var row = i / rowLength;
        destination[i] = source[(long)order[row] * rowLength + i - row * rowLength];
    }
}
