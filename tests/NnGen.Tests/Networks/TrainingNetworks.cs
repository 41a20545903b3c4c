namespace NnGen.Tests.Networks;

/// <summary>Three classes of SyntheticData.Sectors from two coordinates.</summary>
[Input(2)] [Dense(8), Activation(Act.Tanh)] [Dense(3), Activation(Act.Softmax)] [Loss(LossKind.CrossEntropy)]
public partial class SectorClassifier;
