using NnGen;

namespace LogicGates;

/// <summary>One sigmoid neuron with two inputs: enough for AND and OR, which are linearly separable.</summary>
[Input(2)]
[Dense(1), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class TwoInputNeuron;

/// <summary>One sigmoid neuron with one input: NOT.</summary>
[Input(1)]
[Dense(1), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class OneInputNeuron;

/// <summary>XOR is not linearly separable: it needs a hidden layer.</summary>
[Input(2)]
[Dense(4), Activation(Act.Tanh)]
[Dense(1), Activation(Act.Sigmoid)]
[Loss(LossKind.BinaryCrossEntropy)]
public partial class Xor;

/// <summary>A gate's truth table and what a trained network answers for each row.</summary>
public sealed record GateResult(string Gate, float[][] Inputs, float[] Targets, float[] Outputs)
{
    /// <summary>The fraction of rows the network answers right (output ≥ ½ read as 1).</summary>
    public double Accuracy => Targets.Zip(Outputs).Count(p => (p.Second >= 0.5f) == (p.First >= 0.5f)) / (double)Targets.Length;
}

public static class LogicGatesLesson
{
    private static readonly float[][] TwoInputs = [[0, 0], [0, 1], [1, 0], [1, 1]];

    public static GateResult And(int seed = 0) => Train("AND", new TwoInputNeuron(seed), TwoInputs, [0, 0, 0, 1], epochs: 500);

    public static GateResult Or(int seed = 0) => Train("OR", new TwoInputNeuron(seed), TwoInputs, [0, 1, 1, 1], epochs: 500);

    public static GateResult Not(int seed = 0) => Train("NOT", new OneInputNeuron(seed), [[0], [1]], [1, 0], epochs: 500);

    /// <summary>XOR with the one-neuron network: it cannot get all four rows right.</summary>
    public static GateResult XorWithOneNeuron(int seed = 0) => Train("XOR, one neuron", new TwoInputNeuron(seed), TwoInputs, [0, 1, 1, 0], epochs: 500);

    public static GateResult XorWithHiddenLayer(int seed = 0) => Train("XOR, hidden layer", new Xor(seed), TwoInputs, [0, 1, 1, 0], epochs: 500);

    /// <summary>Full-batch Adam on the truth table, then the network's answer for every row.</summary>
    private static GateResult Train(string gate, INetwork<float> network, float[][] rows, float[] targets, int epochs)
    {
        var inputs = rows.SelectMany(r => r).ToArray();
        var data = new Dataset<float>(inputs, targets, rows[0].Length, 1);
        network.Fit(data, new FitOptions { Epochs = epochs, BatchSize = rows.Length, Optimizer = new Adam(0.05) });
        var outputs = new float[targets.Length];
        network.PredictBatch(inputs, outputs);
        return new GateResult(gate, rows, targets, outputs);
    }
}
