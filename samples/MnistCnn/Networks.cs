using NnGen;

namespace MnistCnn;

/// <summary>LeNet-like: two convolution blocks of 8 and 16 filters, then one Dense layer (784 → 10).</summary>
[Input(1, 28, 28)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(16, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class LeNet;

/// <summary>Wider: 16 and 32 filters, each convolution followed by BatchNorm, a hidden Dense layer of 128 with dropout.</summary>
[Input(1, 28, 28)]
[Conv2D(16, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(32, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(128), Activation(Act.ReLU), Dropout(0.4)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class WideCnn;

/// <summary>A small residual network: a BatchNorm stem, one residual block of two convolutions, pooling, Dense.</summary>
[Input(1, 28, 28)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)]
[Residual]
[Conv2D(8, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), BatchNorm]
[EndResidual]
[Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ResNet;
