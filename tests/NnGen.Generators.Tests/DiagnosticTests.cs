using Microsoft.CodeAnalysis;
using NnGen.Generators.Tests.Support;

namespace NnGen.Generators.Tests;

/// <summary>One test per diagnostic: it is reported, with its id, at the attribute or name marked [|so|].</summary>
public class DiagnosticTests
{
    [Fact]
    public void ClassNotPartial_ReportsNNG0001() =>
        AssertReports("NNG0001", "using NnGen; [Input(2)] [Dense(1)] public class [|Plain|] { }");

    [Fact]
    public void ContainingTypeNotPartial_ReportsNNG0001() =>
        AssertReports("NNG0001", "using NnGen; public class [|Outer|] { [Input(2)] [Dense(1)] public partial class Inner; }");

    [Fact]
    public void LayersWithoutInput_ReportsNNG0002() =>
        AssertReports("NNG0002", "using NnGen; [[|Dense(4)|], Activation(Act.ReLU)] public partial class NoInput;");

    [Fact]
    public void DenseWithZeroUnits_ReportsNNG0003() =>
        AssertReports("NNG0003", "using NnGen; [Input(2)] [[|Dense(0)|]] public partial class Zero;");

    [Fact]
    public void InputWithoutSize_ReportsNNG0003() =>
        AssertReports("NNG0003", "using NnGen; [[|Input()|]] [Dense(1)] public partial class NoSize;");

    [Fact]
    public void InputWithNegativeSize_ReportsNNG0003() =>
        AssertReports("NNG0003", "using NnGen; [[|Input(3, -1, 2)|]] [Flatten] [Dense(1)] public partial class Negative;");

    [Fact]
    public void LayersOnTwoPartialDeclarations_ReportsNNG0004() =>
        AssertReports("NNG0004", """
            using NnGen;
            [Input(2)] [Dense(3)] public partial class Split;
            [[|Dense(1)|]] public partial class Split;
            """);

    [Fact]
    public void SoftmaxBeforeTheLastLayer_ReportsNNG0005() =>
        AssertReports("NNG0005", "using NnGen; [Input(4)] [Dense(3), [|Activation(Act.Softmax)|]] [Dense(2)] public partial class Early;");

    [Fact]
    public void CrossEntropyWithoutSoftmax_ReportsNNG0006() =>
        AssertReports("NNG0006", "using NnGen; [Input(4)] [Dense(3)] [[|Loss(LossKind.CrossEntropy)|]] public partial class NoSoftmax;");

    [Fact]
    public void BinaryCrossEntropyWithoutSigmoid_ReportsNNG0007() =>
        AssertReports("NNG0007", "using NnGen; [Input(4)] [Dense(1), Activation(Act.Tanh)] [[|Loss(LossKind.BinaryCrossEntropy)|]] public partial class NoSigmoid;");

    [Fact]
    public void SoftmaxWithMeanSquaredError_WarnsNNG0008() =>
        AssertReports("NNG0008", "using NnGen; [Input(4)] [Dense(3), Activation(Act.Softmax)] [[|Loss(LossKind.MeanSquaredError)|]] public partial class Mse;",
            DiagnosticSeverity.Warning);

    [Fact]
    public void SoftmaxWithTheDefaultLoss_WarnsNNG0008AtTheSoftmax() =>
        AssertReports("NNG0008", "using NnGen; [Input(4)] [Dense(3), [|Activation(Act.Softmax)|]] public partial class DefaultMse;",
            DiagnosticSeverity.Warning);

    [Fact]
    public void StepActivation_WarnsNNG0009() =>
        AssertReports("NNG0009", "using NnGen; [Input(2)] [Dense(1), [|Activation(Act.Step)|]] public partial class Perceptron;",
            DiagnosticSeverity.Warning);

    [Fact]
    public void UnknownActivationValue_ReportsNNG0010() =>
        AssertReports("NNG0010", "using NnGen; [Input(2)] [Dense(1), [|Activation((Act)42)|]] public partial class Unknown;");

    [Fact]
    public void UnknownLossValue_ReportsNNG0010() =>
        AssertReports("NNG0010", "using NnGen; [Input(2)] [Dense(1)] [[|Loss((LossKind)7)|]] public partial class UnknownLoss;");

    [Fact]
    public void LayerBeforeInput_ReportsNNG0011() =>
        AssertReports("NNG0011", "using NnGen; [[|Dense(2)|]] [Input(2)] [Dense(1)] public partial class Backwards;");

    [Fact]
    public void LayerAfterLoss_ReportsNNG0012() =>
        AssertReports("NNG0012", "using NnGen; [Input(2)] [Dense(1)] [Loss(LossKind.MeanSquaredError)] [[|Dense(1)|]] public partial class AfterLoss;");

    [Fact]
    public void DenseAfterImageWithoutFlatten_ReportsNNG0013WithFlattenSize()
    {
        var diagnostic = AssertReports("NNG0013", "using NnGen; [Input(1, 28, 28)] [[|Dense(10)|]] public partial class NoFlatten;");
        Assert.Contains("(1, 28, 28)", diagnostic.GetMessage());
        Assert.Contains("784", diagnostic.GetMessage());
    }

    [Fact]
    public void DropoutRateOfOne_ReportsNNG0014() =>
        AssertReports("NNG0014", "using NnGen; [Input(2)] [Dense(2), [|Dropout(1.0)|]] [Dense(1)] public partial class DropAll;");

    [Fact]
    public void InputOfRankFour_ReportsNNG0014() =>
        AssertReports("NNG0014", "using NnGen; [[|Input(1, 2, 3, 4)|]] [Flatten] [Dense(1)] public partial class Rank4;");

    [Fact]
    public void HugeDense_ReportsNNG0015() =>
        AssertReports("NNG0015", "using NnGen; [Input(100000)] [[|Dense(100000)|]] public partial class Huge;");

    [Fact]
    public void InputWithoutLayers_ReportsNNG0016() =>
        AssertReports("NNG0016", "using NnGen; [[|Input(3)|]] public partial class Empty;");

    [Fact]
    public void KernelLargerThanPaddedInput_ReportsNNG0017() =>
        AssertReports("NNG0017", "using NnGen; [Input(1, 4, 4)] [[|Conv2D(2, kernel: 5)|]] [Flatten] [Dense(1)] public partial class BigKernel;");

    [Fact]
    public void PoolLargerThanInput_ReportsNNG0017() =>
        AssertReports("NNG0017", "using NnGen; [Input(1, 3, 3)] [[|MaxPool2D(4)|]] [Flatten] [Dense(1)] public partial class BigPool;");

    [Fact]
    public void PoolThatDoesNotTile_WarnsNNG0018WithPyTorchsRounding()
    {
        var diagnostic = AssertReports("NNG0018", "using NnGen; [Input(1, 7, 7)] [[|MaxPool2D(2)|]] [Flatten] [Dense(1)] public partial class OddPool;",
            DiagnosticSeverity.Warning);
        Assert.Contains("PyTorch", diagnostic.GetMessage());
        Assert.Contains("3×3", diagnostic.GetMessage());
    }

    [Fact]
    public void StrideThatDoesNotTile_WarnsNNG0018() =>
        AssertReports("NNG0018", "using NnGen; [Input(1, 8, 8)] [[|Conv2D(2, kernel: 3, Stride = 2)|]] [Flatten] [Dense(1)] public partial class OddStride;",
            DiagnosticSeverity.Warning);

    [Fact]
    public void ResidualBlockChangingChannels_ReportsNNG0019WithBothShapes()
    {
        var diagnostic = AssertReports("NNG0019",
            "using NnGen; [Input(4, 6, 6)] [Residual, Conv2D(8, kernel: 3, Padding = Padding.Same), [|EndResidual|]] [Flatten] [Dense(1)] public partial class Widening;");
        Assert.Contains("(4, 6, 6)", diagnostic.GetMessage());
        Assert.Contains("(8, 6, 6)", diagnostic.GetMessage());
        Assert.Contains("4 filters", diagnostic.GetMessage());
    }

    [Fact]
    public void ResidualWithoutEnd_ReportsNNG0020() =>
        AssertReports("NNG0020", "using NnGen; [Input(4)] [[|Residual|], Dense(4)] [Dense(1)] public partial class Open;");

    [Fact]
    public void EndResidualWithoutStart_ReportsNNG0021() =>
        AssertReports("NNG0021", "using NnGen; [Input(4)] [Dense(4), [|EndResidual|]] [Dense(1)] public partial class Closed;");

    [Fact]
    public void BatchNormRightAfterInput_WarnsNNG0022() =>
        AssertReports("NNG0022", "using NnGen; [Input(4)] [[|BatchNorm|]] [Dense(1)] public partial class RawNorm;", DiagnosticSeverity.Warning);

    [Fact]
    public void ConvOnAVector_ReportsNNG0023() =>
        AssertReports("NNG0023", "using NnGen; [Input(784)] [[|Conv2D(8, kernel: 3)|]] [Flatten] [Dense(1)] public partial class FlatConv;");

    [Fact]
    public void SamePaddingWithEvenKernel_ReportsNNG0024() =>
        AssertReports("NNG0024", "using NnGen; [Input(1, 8, 8)] [[|Conv2D(2, kernel: 4, Padding = Padding.Same)|]] [Flatten] [Dense(1)] public partial class Even;");

    [Fact]
    public void RecordNetwork_ReportsNNG0025() =>
        AssertReports("NNG0025", "using NnGen; [Input(2)] [Dense(1)] public partial record [|Pair|];");

    [Fact]
    public void StaticNetwork_ReportsNNG0025() =>
        AssertReports("NNG0025", "using NnGen; [Input(2)] [Dense(1)] public static partial class [|Helpers|];");

    [Fact]
    public void MemberNamedLikeAGeneratedProperty_ReportsNNG0026()
    {
        var diagnostic = AssertReports("NNG0026", "using NnGen; [Input(2)] [Dense(1)] public partial class Mine { public static int [|Layers|] = 3; }");
        Assert.Contains("'Layers'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConstructorTakingTheSeed_ReportsNNG0026() =>
        AssertReports("NNG0026", "using NnGen; [Input(2)] [Dense(1)] public partial class Seeded { public [|Seeded|](int count) { } }");

    [Fact]
    public void OverloadOfPredict_IsNotAClash()
    {
        var result = GeneratorHarness.Run("""
            using NnGen;
            [Input(2)] [Dense(1)]
            public partial class Overloads
            {
                public float Predict(float a, float b) { var y = new float[1]; Predict(new[] { a, b }, y); return y[0]; }
                public Overloads() : this(0) { }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Single(result.Sources);
        Assert.Empty(result.CompilationDiagnostics);
    }

    /// <summary>Found by the fuzzer: planning stopped at the second [Input] and emitted a residual block without its end.</summary>
    [Fact]
    public void SecondInputInsideAResidualBlock_ReportsNNG0027_AndEmitsNothing()
    {
        var (source, marked) = Markup.Parse("using NnGen; [Input(5)] [Residual] [Dense(5), [|Input(5)|]] [EndResidual, Dense(2)] public partial class Twice;");
        var result = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == "NNG0027");
        Assert.Equal(marked, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(result.Sources);
        Assert.Empty(result.Exceptions);
    }

    [Fact]
    public void EveryDescriptor_HasATestHere()
    {
        var names = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).ToList();
        foreach (var descriptor in DiagnosticDescriptors.All)
            Assert.Contains(names, n => n.Contains(descriptor.Id, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryDescriptor_IsDocumented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
            Assert.Contains($"## {descriptor.Id}", docs);
    }

    private static Diagnostic AssertReports(string id, string markup, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var (source, marked) = Markup.Parse(markup);
        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.Exceptions);
        var diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(marked, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal("Network0.cs", diagnostic.Location.GetLineSpan().Path);
        if (severity == DiagnosticSeverity.Error) Assert.Empty(result.Sources);
        else Assert.Single(result.Sources);
        return diagnostic;
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
