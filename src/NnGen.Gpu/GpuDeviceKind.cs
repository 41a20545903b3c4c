namespace NnGen.Gpu;

/// <summary>Which ILGPU accelerator a <see cref="GpuDevice"/> runs on.</summary>
public enum GpuDeviceKind
{
    /// <summary>
    /// The environment variable NNGEN_DEVICE decides when set (<c>cuda</c> or <c>cpu</c>); otherwise the first CUDA
    /// GPU when there is one, else ILGPU's CPU accelerator.
    /// </summary>
    Auto,

    /// <summary>The first CUDA GPU; creating the device fails when there is none.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator, which runs the same kernels on the processor (slowly): for tests and machines without a GPU.</summary>
    Cpu,
}
