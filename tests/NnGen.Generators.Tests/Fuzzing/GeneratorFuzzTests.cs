using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.CodeAnalysis;
using NnGen.Generators.Tests.Support;
using Xunit.Abstractions;

namespace NnGen.Generators.Tests.Fuzzing;

/// <summary>
/// The generator under fuzzing: random attribute stacks and declarations (<see cref="DeclarationGen"/>), run through the
/// generator and compiled. For every case the generator must not throw, and either its code compiles with no error
/// or the build fails with an NNG error (or with a C# error the user's code has without the generator: the compiler
/// already rejects it). Generated code never carries an error or a warning.
/// </summary>
/// <remarks>
/// CI runs <see cref="DefaultBatches"/> batches of <see cref="BatchSize"/> declarations from the fixed seed
/// <see cref="DefaultSeed"/>: every batch is generated from its own PCG stream, so the same seed gives the same cases in
/// every run. A longer run by hand: <c>NNGEN_FUZZ_ITERATIONS=2000 NNGEN_FUZZ_SEED=7 dotnet test --filter GeneratorFuzz</c>
/// (iterations are batches). A failure names the batch and seed that reproduce it.
/// </remarks>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    public const ulong DefaultSeed = 20_260_801;
    public const int DefaultBatches = 60;
    public const int BatchSize = 6;

    private static readonly Regex NnGenAttribute = new(
        @"\b(Input|Dense|Activation|Dropout|Flatten|Loss|Conv2D|MaxPool2D|AvgPool2D|BatchNorm|Residual|EndResidual)\b", RegexOptions.Compiled);

    [Fact]
    public void RandomDeclarations_NeverCrashTheGenerator_AndEitherCompileOrFailWithAnError()
    {
        var batches = Setting("NNGEN_FUZZ_ITERATIONS", DefaultBatches);
        var seed = (ulong)Setting("NNGEN_FUZZ_SEED", (long)DefaultSeed);
        var generator = DeclarationGen.Declaration.Array[BatchSize];
        var tally = new Tally();
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        for (var batch = 0; batch < batches && failures.Count < 5; batch++)
        {
            var cases = generator.Generate(new PCG((uint)batch, seed), null, out _);
            var failure = Check(cases, tally);
            if (failure is not null)
                failures.Add($"Batch {batch} of seed {seed} (replay: NNGEN_FUZZ_SEED={seed}, NNGEN_FUZZ_ITERATIONS={batch + 1}): {failure}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{batches} batches × {BatchSize} = {batches * BatchSize} declarations from seed {seed} in {clock.Elapsed.TotalSeconds:F1} s: {tally}"));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));

        // The fuzzer is only worth its time if it reaches both sides of the property.
        Assert.True(tally.Compiled > 0, $"no case compiled: {tally}");
        Assert.True(tally.Rejected > 0, $"no case was rejected: {tally}");
    }

    /// <summary>
    /// A fixed sample of the fuzzer's cases stays fixed: the same seed gives the same declarations, so a CI failure
    /// reproduces on any machine.
    /// </summary>
    [Fact]
    public void SameSeed_GivesTheSameDeclarations()
    {
        var generator = DeclarationGen.Declaration.Array[BatchSize];
        var first = generator.Generate(new PCG(3, DefaultSeed), null, out _);
        var second = generator.Generate(new PCG(3, DefaultSeed), null, out _);
        Assert.Equal(first.Select((c, i) => c.Render(i)), second.Select((c, i) => c.Render(i)));
    }

    /// <summary>Runs one batch; returns what went wrong, or null.</summary>
    private static string? Check(Declaration[] cases, Tally tally)
    {
        var sources = cases.Select((c, i) => c.Render(i)).ToArray();
        var compilation = GeneratorHarness.Compilation(sources);
        var before = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var after, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        var exceptions = run.Results.Where(r => r.Exception is not null).Select(r => r.Exception!).ToList();
        var all = after.GetDiagnostics();

        if (exceptions.Count > 0)
            return $"the generator threw {exceptions[0]}\n{Listing(sources)}";
        var crash = generatorDiagnostics.Concat(all).FirstOrDefault(d => d.Id is "AD0001" or "CS8784" or "CS8785");
        if (crash is not null)
            return $"the driver reported {crash}\n{Listing(sources)}";

        var generated = run.GeneratedTrees.Select(t => t.FilePath).ToHashSet();
        var inGenerated = all.FirstOrDefault(d => d.Severity >= DiagnosticSeverity.Warning && generated.Contains(d.Location.SourceTree?.FilePath ?? ""));
        if (inGenerated is not null)
        {
            var tree = inGenerated.Location.SourceTree!;
            return $"generated code {Path.GetFileName(tree.FilePath)} has {inGenerated}\n{Listing(sources)}";
        }

        for (var i = 0; i < cases.Length; i++)
        {
            var file = $"Network{i}.cs";
            var name = new Regex($@"\bCase{i}(?![0-9])");
            var errors = generatorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("NNG", StringComparison.Ordinal)
                && d.Location.GetLineSpan().Path == file).ToList();
            var code = run.GeneratedTrees.Where(t => name.IsMatch(Path.GetFileName(t.FilePath))).ToList();
            var own = before.Where(d => d.Location.GetLineSpan().Path == file).ToList();
            var added = all.Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == file
                && !own.Any(o => o.Id == d.Id && o.Location.SourceSpan == d.Location.SourceSpan)).ToList();
            var source = sources[i];

            if (errors.Count > 0 && code.Count > 0)
                return $"case {i} has {errors[0].Id} but code was emitted anyway\n{source}";
            if (errors.Count == 0 && added.Count > 0)
                return $"case {i}: with the generated code the user's file gains {added[0]} and the generator reported no NNG error\n{source}";
            var mentionsNnGen = cases[i].AttributeLists.Any(l => NnGenAttribute.IsMatch(l));
            var anyNng = generatorDiagnostics.Any(d => d.Id.StartsWith("NNG", StringComparison.Ordinal) && d.Location.GetLineSpan().Path == file);
            if (mentionsNnGen && own.Count == 0 && code.Count == 0 && !anyNng)
                return $"case {i} carries NnGen attributes and compiles, but got neither code nor a diagnostic\n{source}";

            tally.Count(cases[i].Structured, code.Count > 0 && own.Count == 0, errors.Count > 0, own.Count > 0 && errors.Count == 0);
            foreach (var id in errors.Select(e => e.Id).Distinct()) tally.Ids[id] = tally.Ids.GetValueOrDefault(id) + 1;
        }

        return null;
    }

    private static string Listing(string[] sources) =>
        string.Join("\n", sources.Select((s, i) => $"--- Network{i}.cs\n{s}"));

    private static long Setting(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static int Setting(string variable, int fallback) => (int)Setting(variable, (long)fallback);

    /// <summary>How the cases ended, to show that both sides of the property were reached.</summary>
    private sealed class Tally
    {
        public int Compiled { get; private set; }

        public int Rejected { get; private set; }

        public int CSharpErrors { get; private set; }

        public int Other { get; private set; }

        public int Structured { get; private set; }

        public void Count(bool structured, bool compiled, bool rejected, bool csharp)
        {
            if (structured) Structured++;
            if (compiled) Compiled++;
            else if (rejected) Rejected++;
            else if (csharp) CSharpErrors++;
            else Other++;
        }

        /// <summary>How many cases reported each NNG error.</summary>
        public SortedDictionary<string, int> Ids { get; } = new(StringComparer.Ordinal);

        public override string ToString() =>
            $"{Compiled} compiled cleanly, {Rejected} rejected with an NNG error, {CSharpErrors} rejected by C# alone, {Other} without NnGen layers; " +
            $"{Structured} built shape by shape; errors: {string.Join(", ", Ids.Select(p => $"{p.Key} ×{p.Value}"))}";
    }
}
