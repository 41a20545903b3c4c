using NnGen;

// Small networks whose gradients the tests check against finite differences, one per activation and loss.
// Each exists in double (the check) and float (compared with the double one).

namespace NnGen.Tests.Networks;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Identity)] [Dense(2)]
public partial class IdentityMse;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Sigmoid)] [Dense(2)]
public partial class SigmoidMse;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Tanh)] [Dense(2)]
public partial class TanhMse;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.ReLU)] [Dense(2)]
public partial class ReluMse;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.LeakyReLU, Alpha = 0.1)] [Dense(2)]
public partial class LeakyReluMse;

#pragma warning disable NNG0009 // Step is checked on purpose: its gradient is zero.
[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Tanh)] [Dense(2), Activation(Act.Step)]
public partial class StepMse;
#pragma warning restore NNG0009

#pragma warning disable NNG0008 // Softmax's own backward rule is only used without CrossEntropy.
[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)]
public partial class SoftmaxMse;
#pragma warning restore NNG0008

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class SoftmaxCrossEntropy;

[Input(3, Precision = Precision.Double)] [Dense(4), Activation(Act.ReLU)] [Dense(2), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class SigmoidBinaryCrossEntropy;

/// <summary>Large enough that both Dense layers take the SIMD loop path rather than straight-line code.</summary>
[Input(2, 5, 7, Precision = Precision.Double)] [Flatten] [Dense(40), Activation(Act.Tanh)] [Dense(5), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class WideCrossEntropy;

[Input(3)] [Dense(4), Activation(Act.Sigmoid)] [Dense(2)]
public partial class SigmoidMseFloat;

[Input(3)] [Dense(4), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class SoftmaxCrossEntropyFloat;

[Input(3)] [Dense(4), Activation(Act.ReLU)] [Dense(2), Activation(Act.Sigmoid)] [Loss(LossKind.BinaryCrossEntropy)]
public partial class SigmoidBinaryCrossEntropyFloat;

[Input(2, 5, 7)] [Flatten] [Dense(40), Activation(Act.Tanh)] [Dense(5), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class WideCrossEntropyFloat;

[Input(6, Precision = Precision.Double)] [Dense(50), Activation(Act.ReLU), Dropout(0.5)] [Dense(2)]
public partial class WithDropout;

/// <summary>Its inference scratch (10 000 floats) is too large for the stack, so Predict uses one array per thread.</summary>
[Input(8)] [Dense(5000), Activation(Act.ReLU)] [Dense(2)]
public partial class LargeHidden;
