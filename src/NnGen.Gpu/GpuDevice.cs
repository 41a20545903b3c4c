using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace NnGen.Gpu;

/// <summary>
/// An ILGPU context and one accelerator: a CUDA GPU when present, else ILGPU's CPU accelerator, overridable by
/// <see cref="GpuDeviceKind"/> or the environment variable NNGEN_DEVICE (<c>cuda</c> or <c>cpu</c>).
/// </summary>
/// <remarks>
/// The context enables ILGPU.Algorithms, whose XMath the generated kernels call for exp, log, tanh and sqrt. The CPU
/// accelerator simulates a GPU with warps of 32 and groups of up to 256 threads (no more, since it runs each as threads that meet at every barrier), so the generated kernels'
/// 16 × 16 tiles run there unchanged.
/// </remarks>
public sealed class GpuDevice : IDisposable
{
    /// <summary>The environment variable that picks the accelerator when the code asks for <see cref="GpuDeviceKind.Auto"/>.</summary>
    public const string EnvironmentVariable = "NNGEN_DEVICE";

    private readonly Context _context;

    private GpuDevice(Context context, Accelerator accelerator, GpuDeviceKind kind)
    {
        _context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    /// <summary>The accelerator that runs the kernels and holds the device buffers.</summary>
    public Accelerator Accelerator { get; }

    /// <summary><see cref="GpuDeviceKind.Cuda"/> or <see cref="GpuDeviceKind.Cpu"/>: what was chosen.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>The accelerator's name as ILGPU reports it, e.g. <c>NVIDIA H100 80GB HBM3</c>.</summary>
    public string Name => Accelerator.Name;

    /// <summary>Creates the context and the accelerator <paramref name="kind"/> asks for.</summary>
    /// <exception cref="InvalidOperationException">CUDA was asked for and no CUDA GPU is present, or NNGEN_DEVICE holds another word.</exception>
    public static GpuDevice Create(GpuDeviceKind kind = GpuDeviceKind.Auto)
    {
        if (kind == GpuDeviceKind.Auto) kind = FromEnvironment(Environment.GetEnvironmentVariable(EnvironmentVariable));
        var context = Context.Create(builder => builder.CPU(new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 8, numMultiprocessors: 1)).Cuda().EnableAlgorithms());
        try
        {
            var cuda = context.GetCudaDevices();
            if (kind == GpuDeviceKind.Cuda && cuda.Count == 0)
            {
                throw new InvalidOperationException(
                    $"A CUDA GPU was asked for ({EnvironmentVariable} or GpuDeviceKind.Cuda), but ILGPU found none. " +
                    $"Use GpuDeviceKind.Cpu or {EnvironmentVariable}=cpu to run the kernels on the processor.");
            }

            if (kind != GpuDeviceKind.Cpu && cuda.Count > 0)
                return new GpuDevice(context, cuda[0].CreateAccelerator(context), GpuDeviceKind.Cuda);
            return new GpuDevice(context, context.CreateCPUAccelerator(0), GpuDeviceKind.Cpu);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>Reads NNGEN_DEVICE's value: empty means Auto (CUDA when present), else <c>cuda</c> or <c>cpu</c>.</summary>
    internal static GpuDeviceKind FromEnvironment(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => GpuDeviceKind.Auto,
        "cuda" or "gpu" => GpuDeviceKind.Cuda,
        "cpu" => GpuDeviceKind.Cpu,
        _ => throw new InvalidOperationException(
            $"{EnvironmentVariable} is '{value}'; write cuda (a CUDA GPU), cpu (ILGPU's CPU accelerator) or leave it unset."),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Kind})";

    /// <summary>Releases the accelerator and the context, with every buffer and kernel on them.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
