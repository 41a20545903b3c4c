using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
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

        context.RegisterSourceOutput(plans.Select((plan, _) => plan.Diagnostics).WithTrackingName(TrackingNames.Diagnostics), Report);

        var sources = plans
            .Where(plan => !plan.HasErrors)
            .Select((plan, _) => (plan.HintName, Source: CpuEmitter.Emit(plan)))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(sources, (output, source) => output.AddSource(source.HintName + ".g.cs", source.Source));

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
        context.RegisterSourceOutput(orphans, Report);
    }

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var location = diagnostic.Location.Path.Length == 0
                ? Location.None
                : Location.Create(diagnostic.Location.Path,
                    new Microsoft.CodeAnalysis.Text.TextSpan(diagnostic.Location.Start, diagnostic.Location.Length),
                    new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                        new Microsoft.CodeAnalysis.Text.LinePosition(diagnostic.Location.StartLine, diagnostic.Location.StartCharacter),
                        new Microsoft.CodeAnalysis.Text.LinePosition(diagnostic.Location.EndLine, diagnostic.Location.EndCharacter)));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Get(diagnostic.Id), location,
                diagnostic.Arguments.Select(a => (object?)a).ToArray()));
        }
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
}
