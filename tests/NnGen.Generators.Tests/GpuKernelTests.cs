using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

/// <summary>The {Class}.Kernels.g.cs file: only with NnGen.Gpu referenced, and then compile-clean for every valid network.</summary>
public class GpuKernelTests
{
    private static readonly MetadataReference[] GpuReferences =
    [
        MetadataReference.CreateFromFile(typeof(NnGen.Gpu.GpuNetwork).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILGPU.Context).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILGPU.Algorithms.XMath).Assembly.Location),
    ];

    private static GeneratorResult RunWithGpu(string source) =>
        GeneratorHarness.Run(GeneratorHarness.Compilation(source).AddReferences(GpuReferences));

    [Fact]
    public void WithoutNnGenGpu_EmitsNoKernelFile()
    {
        var result = GeneratorHarness.Run(Networks.Xor);
        Assert.Equal(["Demo.Xor.g.cs"], result.Sources.Keys);
    }

    [Fact]
    public void WithNnGenGpu_EmitsTheKernelFileBesideTheNetwork()
    {
        var result = RunWithGpu(Networks.Xor);
        Assert.Equal(["Demo.Xor.Kernels.g.cs", "Demo.Xor.g.cs"], result.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(result.CompilationDiagnostics);
    }

    [Theory]
    [MemberData(nameof(Networks.Valid), MemberType = typeof(Networks))]
    public void ValidNetwork_KernelFileCompilesWithoutWarnings(string source)
    {
        var result = RunWithGpu(source);
        Assert.Empty(result.Exceptions);
        Assert.Contains(result.Sources.Keys, name => name.EndsWith(".Kernels.g.cs", StringComparison.Ordinal));
        Assert.Empty(result.CompilationDiagnostics);
    }

    [Fact]
    public void CommentEditInsideTheNetworkFile_LeavesTheKernelsCached()
    {
        var compilation = GeneratorHarness.Compilation(Networks.Xor).AddReferences(GpuReferences);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(Networks.Xor + "\n// trailing comment\n", GeneratorHarness.ParseOptions, path: "Network0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.GpuEnabled, TrackingNames.EmitKernels })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step} ran again: {o.Reason}"));
        }
    }

    [Fact]
    public void Xor_EmitsReadableKernels() =>
        Snapshot.Match("Xor.Kernels", RunWithGpu(Networks.Xor).Sources["Demo.Xor.Kernels.g.cs"]);

    [Fact]
    public void ResidualCnn_EmitsReadableKernels() =>
        Snapshot.Match("ResidualCnn.Kernels", RunWithGpu(Networks.ResidualCnn).Sources["Demo.Vision.ResidualCnn.Kernels.g.cs"]);
}
