using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

public class CompileTests
{
    [Theory]
    [MemberData(nameof(Networks.Valid), MemberType = typeof(Networks))]
    public void ValidNetwork_CompilesWithoutWarnings(string source)
    {
        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.Exceptions);
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Single(result.Sources);
        Assert.Empty(result.CompilationDiagnostics.Where(d => !d.Id.StartsWith("NNG", StringComparison.Ordinal)));
    }

    [Fact]
    public void NetworkWithErrors_EmitsNoCode()
    {
        var result = GeneratorHarness.Run("using NnGen; [Input(2)] [Dense(0)] public partial class Broken;");

        Assert.Empty(result.Sources);
        Assert.Contains(result.GeneratorDiagnostics, d => d.Id == "NNG0003");
    }

    public static TheoryData<string> Malformed => new()
    {
        "using NnGen; [Input(2)] [Dense(\"four\")] public partial class StringUnits;",
        "using NnGen; [Input(2)] [Dense] public partial class NoUnits;",
        "using NnGen; [Input(null)] [Dense(1)] public partial class NullShape;",
        "using NnGen; [Input(2)] [Dense(1)] [Loss] public partial class NoLossKind;",
        "using NnGen; [Input(2)] [Activation(Act.Softmax, Alpha = double.NaN)] [Dense(1)] public partial class NaN;",
        "using NnGen; [Input(2)] [Dense(1)] public partial struct NotAClass;",
        "using NnGen; [Input(2)] [Dense(int.MaxValue)] [Dense(int.MaxValue)] public partial class Overflow;",
        "using NnGen; [Input(2)] [Dense(1)] public partial class",
        "using NnGen; [Input(2), Input(3)] [Dropout(-0.5)] public partial class Twice;",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedDeclaration_NeverThrows_AndNeverEmitsBrokenCode(string source)
    {
        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.Exceptions);
        var errors = result.CompilationDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();
        Assert.DoesNotContain(errors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        Assert.True(errors.Count > 0 || result.GeneratorDiagnostics.Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error),
            "a malformed declaration must fail the build with a C# or NNG error");
    }
}
