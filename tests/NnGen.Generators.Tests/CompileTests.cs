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
}
