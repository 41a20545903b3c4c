using System.Numerics;

namespace NnGen.Gpu;

/// <summary>
/// Training and inference on a GPU in one call each. Its presence in a compilation is also the generator's signal:
/// when a project references NnGen.Gpu, every network gets a <c>{Class}.Kernels.g.cs</c> file with its ILGPU kernels
/// and implements <see cref="IGpuModel{T}"/>; projects without it never depend on ILGPU.
/// </summary>
public static class GpuNetwork
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="device"/> (CUDA when present, else ILGPU's CPU accelerator;
    /// NNGEN_DEVICE overrides) with the CPU Fit's options, copies the trained weights back and returns the History.
    /// </summary>
    public static History FitGpu<T>(this IGpuModel<T> model, Dataset<T> train, FitOptions options, GpuDevice? device = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var trainer = new GpuTrainer<T>(model, device);
        return trainer.Fit(train, options);
    }

    /// <summary>
    /// Runs n samples through <paramref name="model"/> in inference mode on <paramref name="device"/>. Each call copies
    /// the weights and loads the kernels (a new device each time when none is given); for repeated calls keep a
    /// <see cref="GpuTrainer{T}"/>.
    /// </summary>
    public static void PredictBatchGpu<T>(this IGpuModel<T> model, ReadOnlySpan<T> inputs, Span<T> outputs, GpuDevice? device = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var trainer = new GpuTrainer<T>(model, device);
        trainer.PredictBatch(inputs, outputs);
    }
}
