using NnGen;

namespace Mnist;

/// <summary>The lecture's network: 784 pixels, 50 sigmoid units, 10 classes.</summary>
[Input(784)]
[Dense(50), Activation(Act.Sigmoid)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class SigmoidMlp;

/// <summary>A wider hidden layer of ReLU units, trained with Adam.</summary>
[Input(784)]
[Dense(128), Activation(Act.ReLU)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ReluMlp;
