namespace NnGen.Generators.Model;

// Mirrors of the runtime's enums (NnGen.Act, NnGen.LossKind, NnGen.Precision, NnGen.Padding), value for value: the generator
// targets netstandard2.0 and cannot reference the runtime, so Parse reads attribute arguments as these numbers.

internal enum Act
{
    Identity,
    Sigmoid,
    Tanh,
    ReLU,
    LeakyReLU,
    Softmax,
    Step,
}

internal enum LossKind
{
    MeanSquaredError,
    CrossEntropy,
    BinaryCrossEntropy,
}

internal enum Precision
{
    Single,
    Double,
}

internal enum Padding
{
    Valid,
    Same,
    Full,
}

internal enum PoolKind
{
    Max,
    Average,
}
