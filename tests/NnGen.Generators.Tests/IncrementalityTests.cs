using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

/// <summary>The pipeline caches: edits that do not change a network leave its steps cached or unchanged.</summary>
public class IncrementalityTests
{
    [Fact]
    public void CommentEditElsewhere_LeavesOutputCached()
    {
        var compilation = GeneratorHarness.Compilation(Networks.Xor, "namespace Demo; public static class Helper { }");
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(),
            CSharpSyntaxTree.ParseText("namespace Demo; // a comment\npublic static class Helper { }", GeneratorHarness.ParseOptions, path: "Network1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in new[] { TrackingNames.Parse, TrackingNames.Plan, TrackingNames.Emit })
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} ran again: {o.Reason}"));
        }
    }

    [Fact]
    public void CommentEditInsideTheNetworkFile_LeavesPlanUnchanged()
    {
        var compilation = GeneratorHarness.Compilation(Networks.Xor);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Networks.Xor + "\n// trailing comment\n", GeneratorHarness.ParseOptions, path: "Network0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var emit = result.TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).ToList();
        Assert.All(emit, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"Emit ran again: {o.Reason}"));
    }

    [Fact]
    public void ChangedLayer_RegeneratesTheNetwork()
    {
        var compilation = GeneratorHarness.Compilation(Networks.Xor);
        var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Networks.Xor.Replace("Dense(4)", "Dense(5)"), GeneratorHarness.ParseOptions, path: "Network0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }
}
