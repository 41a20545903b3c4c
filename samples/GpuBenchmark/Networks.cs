using NnGen;

namespace GpuBenchmark;

/// <summary>The MNIST multilayer perceptron 784-128-10.</summary>
[Input(1, 28, 28)]
[Flatten]
[Dense(128), Activation(Act.ReLU)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class MnistMlp;

/// <summary>LeNet-5 as PyTorch tutorials write it for 28×28 digits: two 5×5 convolutions with max pooling, three Dense layers.</summary>
[Input(1, 28, 28)]
[Conv2D(6, kernel: 5, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(16, kernel: 5), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(120), Activation(Act.ReLU)]
[Dense(84), Activation(Act.ReLU)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class LeNet;
