using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NnGen.Generators;

namespace NnGen.Generators.Tests.Support;

/// <summary>Runs the generator over source text the way the compiler does, and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // A CPU-only user's compilation: without NnGen.Gpu (and ILGPU), which GpuKernelTests add when they need them.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("NnGen.Gpu", StringComparison.Ordinal) && !Path.GetFileName(p).StartsWith("ILGPU", StringComparison.Ordinal))
            .ToList();
        paths.Add(typeof(INetwork<>).Assembly.Location);
        paths.Add(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location);
        return [.. paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create("UserCode",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Network{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999, allowUnsafe: false));

    public static GeneratorDriver Driver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns what it produced and every diagnostic of the resulting compilation.</summary>
    public static GeneratorResult Run(params string[] sources) => Run(Compilation(sources));

    /// <summary>Runs the generator on <paramref name="compilation"/> (with extra references, say).</summary>
    public static GeneratorResult Run(CSharpCompilation compilation)
    {
        var driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        return new GeneratorResult(
            result.GeneratedTrees.ToDictionary(t => Path.GetFileName(t.FilePath), t => t.ToString()),
            generatorDiagnostics,
            output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray(),
            result.Results.SelectMany(r => r.Exception is null ? [] : new[] { r.Exception }).ToImmutableArray());
    }
}

/// <param name="Sources">Generated files by hint name.</param>
/// <param name="GeneratorDiagnostics">What the generator reported (NNG…).</param>
/// <param name="CompilationDiagnostics">Warnings and errors of the user's code with the generated code added.</param>
/// <param name="Exceptions">Exceptions the generator threw (must stay empty).</param>
internal sealed record GeneratorResult(
    IReadOnlyDictionary<string, string> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics,
    ImmutableArray<Exception> Exceptions)
{
    public string Source => Assert.Single(Sources).Value;
}
