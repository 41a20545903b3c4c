using NnGen;

// Float twins of double test networks, for the ONNX export tests: ONNX Runtime's CPU kernels for Conv and
// AveragePool take float only, so a double network with those layers cannot run there. Plus one double network
// with BatchNorm on vectors and no convolution, which ONNX Runtime can run in double.

namespace NnGen.Tests.Networks;

[Input(2, 7, 7)] [Conv2D(3, kernel: 3, Stride = 2, Padding = Padding.Same), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvSameStride2Float;

[Input(1, 5, 5)] [Conv2D(2, kernel: 3, Stride = 2, Padding = Padding.Full, Bias = false)] [Flatten] [Dense(2)]
public partial class ConvFullStride2Float;

[Input(2, 6, 6)] [Conv2D(3, kernel: 3), AvgPool2D(2, Stride = 1)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvAvgPoolFloat;

[Input(2, 5, 5)]
[Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.Tanh)]
[Residual, Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.Tanh), Conv2D(3, kernel: 3, Padding = Padding.Same), EndResidual]
[Activation(Act.Tanh), Flatten, Dense(2), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class ResidualBlockFloat;

[Input(3)] [Dense(4), Activation(Act.LeakyReLU, Alpha = 0.1)] [Dense(2)]
public partial class LeakyReluMseFloat;

/// <summary>BatchNorm on (N, C) after a Dense layer, in double.</summary>
[Input(5, Precision = Precision.Double)] [Dense(6), BatchNorm, Activation(Act.ReLU)] [Dense(6), BatchNorm, Activation(Act.Tanh)] [Dense(2)]
public partial class DenseBatchNorm;
