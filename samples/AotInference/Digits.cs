using NnGen;

namespace AotInference;

/// <summary>
/// The MNIST network of samples/Mnist (784-128-10 ReLU): its safetensors file, with PyTorch's names 0.weight, 0.bias,
/// 2.weight, 2.bias, loads here unchanged.
/// </summary>
[Input(784)]
[Dense(128), Activation(Act.ReLU)]
[Dense(10), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class Digits;
