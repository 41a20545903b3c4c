using System.Numerics;
using ILGPU.Runtime;

namespace NnGen.Gpu;

/// <summary>
/// A network whose generator also emitted ILGPU kernels (the <c>{Class}.Kernels.g.cs</c> file, written whenever the
/// project references NnGen.Gpu). The generated class implements it; user code rarely calls it directly, but uses
/// <see cref="GpuTrainer{T}"/> or <see cref="GpuNetwork.FitGpu{T}(IGpuModel{T}, Dataset{T}, FitOptions, GpuDevice?)"/>.
/// </summary>
public interface IGpuModel<T> : INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Loads the network's kernels on <paramref name="accelerator"/> and returns a program that owns its device buffers.</summary>
    GpuProgram<T> CreateGpuProgram(Accelerator accelerator);
}
