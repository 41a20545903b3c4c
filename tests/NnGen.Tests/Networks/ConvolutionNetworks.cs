using NnGen;

// Small convolutional networks whose gradients the tests check against finite differences, in double: every
// padding at strides 1 and 2, both poolings, BatchNorm in training mode, and skip connections.

namespace NnGen.Tests.Networks;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvValid;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvSame;

[Input(2, 5, 5, Precision = Precision.Double)] [Conv2D(2, kernel: 3, Padding = Padding.Full), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvFull;

[Input(2, 7, 7, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Stride = 2), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvValidStride2;

[Input(2, 7, 7, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Stride = 2, Padding = Padding.Same), Activation(Act.Tanh)] [Flatten] [Dense(2)]
public partial class ConvSameStride2;

[Input(1, 5, 5, Precision = Precision.Double)] [Conv2D(2, kernel: 3, Stride = 2, Padding = Padding.Full, Bias = false)] [Flatten] [Dense(2)]
public partial class ConvFullStride2;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), MaxPool2D(2)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvMaxPool;

// A ReLU before a max pooling runs inside it, in both passes: the three kinds of max-pooling backward pass.
[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvReluMaxPool;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(3)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvReluMaxPool3;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(3, Stride = 1)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvReluMaxPoolOverlapping;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3), AvgPool2D(2, Stride = 1)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvAvgPool;

[Input(2, 5, 5, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU)] [Flatten]
[Dense(4), BatchNorm, Activation(Act.Tanh)] [Dense(2)]
public partial class ConvBatchNorm;

[Input(2, 5, 5, Precision = Precision.Double)]
[Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.Tanh)]
[Residual, Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.Tanh), Conv2D(3, kernel: 3, Padding = Padding.Same), EndResidual]
[Activation(Act.Tanh), Flatten, Dense(2), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class ResidualBlock;

/// <summary>A skip connection that starts at the input, so the input gradient takes both paths.</summary>
[Input(4, Precision = Precision.Double)] [Residual, Dense(4), Activation(Act.Tanh), Residual, Dense(4), EndResidual, EndResidual] [Dense(1)]
public partial class NestedResidual;

/// <summary>The lecture's example: one 5×5 input, one 3×3 filter, no bias.</summary>
[Input(1, 5, 5, Precision = Precision.Double)] [Conv2D(1, kernel: 3, Bias = false)]
public partial class LectureConvolution;

[Input(2, 6, 6)] [Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvBatchNormFloat;

[Input(2, 6, 6, Precision = Precision.Double)] [Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU), MaxPool2D(2)] [Flatten] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConvBatchNormDouble;
