namespace NnGen.Tests.Networks;

/// <summary>Three classes of SyntheticData.Sectors from two coordinates.</summary>
[Input(2)] [Dense(8), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class SectorClassifier;

/// <summary>
/// Big enough that its products split between threads (the Dense product has more than 2¹⁸ multiply-adds at batch
/// 64) and its convolution runs in shards; BatchNorm and Dropout couple the samples and draw random numbers.
/// </summary>
[Input(1, 12, 12)]
[Conv2D(4, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)]
[Flatten, Dense(256), Activation(Act.ReLU), Dropout(0.2)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ParallelCnn;

/// <summary>Tiny enough for Predict in registers: the quick benchmark's 1 → 8 tanh → 8 tanh → 1, and a ReLU one.</summary>
[Input(1)] [Dense(8), Activation(Act.Tanh)] [Dense(8), Activation(Act.Tanh)] [Dense(1)]
public partial class TinyTanh;

[Input(3)] [Dense(5), Activation(Act.ReLU)] [Dense(4), Activation(Act.Tanh)] [Dense(2)]
public partial class TinyRelu;

/// <summary>One unit in the middle and a last layer of four inputs: registers whose lanes past the inputs must stay +0.</summary>
[Input(2)] [Dense(3), Activation(Act.ReLU)] [Dense(1), Activation(Act.Tanh)] [Dense(4)] [Dense(1)]
public partial class TinyNarrow;

/// <summary>Sigmoid in registers: its three units leave 0.5 (σ of +0) in the lanes past them, which meet zero weights.</summary>
[Input(2)] [Dense(8), Activation(Act.Sigmoid)] [Dense(3), Activation(Act.Sigmoid)] [Dense(2)]
public partial class TinySigmoid;

/// <summary>Softmax in registers: Fisher's Iris network, and a softmax over a whole register.</summary>
[Input(4)] [Dense(8), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class TinyIris;

[Input(3)] [Dense(8), Activation(Act.ReLU)] [Dense(8), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class TinySoftmax8;

/// <summary>Both inference fusions: a ReLU inside the max pooling after it, and one in a Dense product's epilogue.</summary>
[Input(1, 8, 8)]
[Conv2D(4, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten, Dense(32), Activation(Act.ReLU), Dense(3)]
public partial class FusedInference;
