using System.Collections.Generic;
using System.Linq;

namespace NnGen.Generators.Emitting;

/// <summary>
/// One ILGPU kernel the GPU emitter prints: a static method of the network's <c>GpuKernels</c> class, the field that
/// holds its loaded launcher and the call that loads it. <see cref="Grouped"/> kernels choose their own groups
/// (16 × 16 tiles, one group per channel) and are launched with a KernelConfig; the others take an Index1D and
/// let ILGPU pick the group size.
/// </summary>
internal sealed class GpuKernel(string name, bool grouped, string comment, IReadOnlyList<(string Type, string Name)> parameters, string body)
{
    public string Name { get; } = name;

    public bool Grouped { get; } = grouped;

    public string Comment { get; } = comment;

    public IReadOnlyList<(string Type, string Name)> Parameters { get; } = parameters;

    public string Body { get; } = body;

    /// <summary>The launcher field, e.g. <c>_dense1Forward</c>.</summary>
    public string Field => "_" + char.ToLowerInvariant(Name[0]) + Name.Substring(1);

    public string DelegateType =>
        $"global::System.Action<{(Grouped ? GpuNames.KernelConfig : GpuNames.Index1D)}, {string.Join(", ", Parameters.Select(p => p.Type))}>";

    public string Load =>
        Grouped
            ? $"{Field} = {GpuNames.KernelLoaders}.LoadStreamKernel<{string.Join(", ", Parameters.Select(p => p.Type))}>(accelerator, GpuKernels.{Name});"
            : $"{Field} = {GpuNames.KernelLoaders}.LoadAutoGroupedStreamKernel<{GpuNames.Index1D}, {string.Join(", ", Parameters.Select(p => p.Type))}>(accelerator, GpuKernels.{Name});";

    public string Signature =>
        $"public static void {Name}({(Grouped ? "" : GpuNames.Index1D + " i, ")}{string.Join(", ", Parameters.Select(p => p.Type + " " + p.Name))})";
}

/// <summary>ILGPU and NnGen.Gpu names the GPU emitter prints, fully qualified.</summary>
internal static class GpuNames
{
    public const string Marker = "NnGen.Gpu.GpuNetwork";
    public const string Index1D = "global::ILGPU.Index1D";
    public const string KernelConfig = "global::ILGPU.KernelConfig";
    public const string Accelerator = "global::ILGPU.Runtime.Accelerator";
    public const string ArrayViewExtensions = "global::ILGPU.Runtime.ArrayViewExtensions";
    public const string KernelLoaders = "global::ILGPU.Runtime.KernelLoaders";
    public const string Group = "global::ILGPU.Group";
    public const string Grid = "global::ILGPU.Grid";
    public const string SharedMemory = "global::ILGPU.SharedMemory";
    public const string Atomic = "global::ILGPU.Atomic";
    public const string XMath = "global::ILGPU.Algorithms.XMath";
    public const string IGpuModel = "global::NnGen.Gpu.IGpuModel";
    public const string GpuProgram = "global::NnGen.Gpu.GpuProgram";
    public const string MemoryBuffer = "global::ILGPU.Runtime.MemoryBuffer1D";
    public const string Dense = "global::ILGPU.Stride1D.Dense";
}
