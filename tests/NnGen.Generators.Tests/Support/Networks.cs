namespace NnGen.Generators.Tests.Support;

/// <summary>Network declarations the generator tests share.</summary>
internal static class Networks
{
    public const string Xor = """
        using NnGen;
        namespace Demo;
        [Input(2)]
        [Dense(4), Activation(Act.Tanh)]
        [Dense(1), Activation(Act.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        public partial class Xor;
        """;

    public const string MnistMlp = """
        using NnGen;
        namespace Demo.Vision;
        [Input(1, 28, 28, Precision = Precision.Double)]
        [Flatten]
        [Dense(128), Activation(Act.ReLU), Dropout(0.2)]
        [Dense(10), Activation(Act.Softmax)]
        [Loss(LossKind.CrossEntropy)]
        public partial class MnistMlp;
        """;

    public const string ResidualCnn = """
        using NnGen;
        namespace Demo.Vision;
        [Input(1, 8, 8)]
        [Conv2D(4, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU)]
        [Residual, Conv2D(4, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), EndResidual]
        [MaxPool2D(2), Conv2D(2, kernel: 2, Stride = 2, Bias = false), AvgPool2D(2)]
        [Flatten, Dense(3), Activation(Act.Softmax)]
        [Loss(LossKind.CrossEntropy)]
        public partial class ResidualCnn;
        """;

    /// <summary>Declarations that must compile cleanly, each exercising a different path of the emitter.</summary>
    public static readonly TheoryData<string> Valid = new()
    {
        Xor,
        MnistMlp,
        ResidualCnn,
        "using NnGen; [Input(1)] [Dense(1)] public partial class Line;",
        "using NnGen; [Input(3)] [Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)] public partial class SoftmaxOnly;",
        "using NnGen; [Input(2, 2, 2)] [Flatten] [Dense(3), Activation(Act.LeakyReLU, Alpha = 0.2)] [Activation(Act.Identity)] public partial class Flat;",
        "using NnGen; [Input(4)] [Dropout(0.5)] [Dense(2), Activation(Act.Step)] [Flatten] public partial class Odd;",
        "using NnGen; namespace A.B; public partial class Outer { [Input(3)] [Dense(2)] internal partial class Inner<TTag>; }",
        "using NnGen; [Input(5)] [Dense(5), Activation(Act.Sigmoid)] [Dense(5), Activation(Act.Softmax)] public partial class SoftmaxMse;",
        """
        using NnGen;
        [Input(1, 28, 28)]
        [Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
        [Conv2D(16, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
        [Flatten]
        [Dense(10), Activation(Act.Softmax)]
        [Loss(LossKind.CrossEntropy)]
        public partial class LeNet;
        """,
        """
        using NnGen;
        [Input(3, 9, 9, Precision = Precision.Double)]
        [Conv2D(4, kernel: 3, Stride = 2, Padding = Padding.Full, Bias = false), BatchNorm, Activation(Act.ReLU)]
        [Residual, Conv2D(4, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), EndResidual]
        [AvgPool2D(2, Stride = 1), Flatten, Dense(3), BatchNorm, Activation(Act.Sigmoid)]
        [Loss(LossKind.BinaryCrossEntropy)]
        public partial class ResidualBatchNorm;
        """,
        "using NnGen; [Input(4)] [Residual, Dense(4), Activation(Act.Tanh), EndResidual] [Dense(1)] public partial class DenseResidual;",
        "using NnGen; [Input(8)] [Dense(5000), Activation(Act.ReLU)] [Dense(2)] public partial class ScratchOnTheHeap;",
        "using NnGen; [Input(64)] [Dense(64), Activation(Act.Tanh)] [Dense(3), Activation(Act.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)] public partial class Wide;",
    };
}
