using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NnGen.Generators.Emitting;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;
using NnGen.Generators.Parsing;
using NnGen.Generators.Planning;

namespace NnGen.Generators;

/// <summary>
/// Turns a <c>partial class</c> carrying [Input] and layer attributes into the network's code:
/// attributes → Parse → <see cref="NetworkSpec"/> → Plan → <see cref="NetworkPlan"/> → Emit → source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(Parser.InputAttribute, Parser.IsClassDeclaration, Parser.Parse)
            .Where(spec => spec is not null)
            .Select((spec, _) => spec!)
            .WithTrackingName(TrackingNames.Parse);

        var plans = specs
            .Select((spec, cancellationToken) => Planner.Plan(spec, cancellationToken))
            .WithTrackingName(TrackingNames.Plan);

        // Diagnostics are reported against the compilation's own syntax trees, so that #pragma and .editorconfig
        // can suppress them; only this cheap reporting step reruns when the compilation changes.
        var diagnostics = plans.Select((plan, _) => plan.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), Report);

        var sources = plans
            .Where(plan => !plan.HasErrors)
            .Select((plan, _) => (plan.HintName, Source: CpuEmitter.Emit(plan)))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(sources, (output, source) => output.AddSource(source.HintName + ".g.cs", source.Source));

        // GPU kernels only when the compilation references NnGen.Gpu, so that CPU-only users never depend on ILGPU.
        var gpuEnabled = context.CompilationProvider
            .Select((compilation, _) => compilation.GetTypeByMetadataName(GpuNames.Marker) is not null)
            .WithTrackingName(TrackingNames.GpuEnabled);
        var kernels = plans
            .Where(plan => !plan.HasErrors)
            .Combine(gpuEnabled)
            .Where(pair => pair.Right)
            .Select((pair, _) => (pair.Left.HintName, Source: GpuEmitter.Emit(pair.Left)))
            .WithTrackingName(TrackingNames.EmitKernels);
        context.RegisterSourceOutput(kernels, (output, source) => output.AddSource(source.HintName + ".Kernels.g.cs", source.Source));

        var orphans = Parser.LayerAttributes
            .Select(name => context.SyntaxProvider
                .ForAttributeWithMetadataName(name, Parser.IsClassDeclaration, Parser.ParseOrphan)
                .Where(orphan => orphan is not null)
                .Select((orphan, _) => orphan!)
                .Collect())
            .Aggregate((all, next) => all.Combine(next).Select((pair, _) => pair.Left.AddRange(pair.Right)))
            .Select((orphans, _) => orphans.GroupBy(o => o.Arguments[0] + o.Location.Path)
                .Select(g => g.OrderBy(o => o.Location.Start).First()).ToEquatableArray())
            .WithTrackingName(TrackingNames.Orphans);
        context.RegisterSourceOutput(orphans.Combine(context.CompilationProvider), Report);
    }

    private static void Report(SourceProductionContext context, (EquatableArray<DiagnosticInfo> Diagnostics, Compilation Compilation) input)
    {
        foreach (var diagnostic in input.Diagnostics)
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Get(diagnostic.Id),
                ToLocation(diagnostic.Location, input.Compilation), diagnostic.Arguments.Select(a => (object?)a).ToArray()));
    }

    private static Location ToLocation(LocationInfo info, Compilation compilation)
    {
        if (info.Path.Length == 0) return Location.None;
        var span = new TextSpan(info.Start, info.Length);
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.Path);
        if (tree is not null && span.End <= tree.Length) return Location.Create(tree, span);
        return Location.Create(info.Path, span, new LinePositionSpan(
            new LinePosition(info.StartLine, info.StartCharacter), new LinePosition(info.EndLine, info.EndCharacter)));
    }
}

/// <summary>The names of the pipeline's steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Plan = nameof(Plan);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Emit = nameof(Emit);
    public const string Orphans = nameof(Orphans);
    public const string GpuEnabled = nameof(GpuEnabled);
    public const string EmitKernels = nameof(EmitKernels);
}
