namespace NnGen.Gpu.Tests;

// Small networks that together use every layer kind, activation and loss, with sizes that are not multiples of the
// kernels' 16 × 16 tiles, so that partial tiles are exercised.

/// <summary>Dense with every fusable activation, and the fused softmax cross-entropy.</summary>
[Input(20)]
[Dense(18), Activation(Act.ReLU)]
[Dense(17), Activation(Act.Tanh)]
[Dense(9), Activation(Act.Sigmoid)]
[Dense(6), Activation(Act.LeakyReLU, Alpha = 0.1)]
[Dense(4), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class GpuMlp;

/// <summary>Double precision, Identity, and the mean squared error.</summary>
[Input(5, Precision = Precision.Double)]
[Dense(7), Activation(Act.Tanh)]
[Dense(6), Activation(Act.Identity)]
[Dense(2)]
[Loss(LossKind.MeanSquaredError)]
public partial class GpuMse;

/// <summary>The fused sigmoid binary cross-entropy.</summary>
[Input(4)]
[Dense(5), Activation(Act.ReLU)]
[Dense(3), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class GpuBce;

/// <summary>Conv2D (same padding, valid, stride 2, without bias), BatchNorm on maps and vectors, a residual block, both poolings, Flatten.</summary>
[Input(2, 12, 12)]
[Conv2D(3, kernel: 3, Padding = Padding.Same), BatchNorm, Activation(Act.ReLU)]
[Residual]
[Conv2D(3, kernel: 3, Padding = Padding.Same), Activation(Act.Tanh)]
[EndResidual]
[MaxPool2D(2)]
[Conv2D(4, kernel: 2, Stride = 2, Bias = false)]
[AvgPool2D(2, Stride = 1)]
[Flatten]
[Dense(5), BatchNorm, Activation(Act.ReLU)]
[Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class GpuCnn;

/// <summary>A wider convolution than the tiles (20 filters over 3 channels) with an overlapping max pool (size 3, stride 2).</summary>
[Input(3, 7, 7)]
[Conv2D(20, kernel: 3, Padding = Padding.Full), Activation(Act.ReLU)]
[MaxPool2D(3, Stride = 2)]
[Flatten]
[Dense(2)]
[Loss(LossKind.MeanSquaredError)]
public partial class GpuWideConv;

/// <summary>Dropout between two Dense layers.</summary>
[Input(30)]
[Dense(40), Dropout(0.5)]
[Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class GpuDropout;
