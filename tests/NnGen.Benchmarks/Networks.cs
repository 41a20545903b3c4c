using NnGen;

namespace NnGen.Benchmarks;

/// <summary>The tiny regression network: 1 → 8 tanh → 8 tanh → 1 (RTNeural's favourite size).</summary>
[Input(1)]
[Dense(8), Activation(Act.Tanh)]
[Dense(8), Activation(Act.Tanh)]
[Dense(1)]
[Loss(LossKind.MeanSquaredError)]
public partial class TinyMlp;

/// <summary>MNIST's 784 → 128 ReLU → 10 softmax, as samples/Mnist's ReluMlp.</summary>
[Input(784)]
[Dense(128), Activation(Act.ReLU)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class MnistMlp;

/// <summary>One Dense 784 → 128 product with bias and nothing else, to measure GFLOP/s.</summary>
[Input(784)]
[Dense(128)]
[Loss(LossKind.MeanSquaredError)]
public partial class Dense784x128;

/// <summary>samples/MnistCnn's LeNet: two convolution blocks of 8 and 16 filters, then Dense 784 → 10.</summary>
[Input(1, 28, 28)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(16, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class LeNet;
