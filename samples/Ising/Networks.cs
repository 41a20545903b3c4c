using NnGen;

namespace Ising;

// Shapes are fixed when the project compiles, so each lattice size has its own pair of networks: a phase
// classifier (ordered vs disordered) and Tanaka & Tomiya's temperature classifier (one class per temperature of the
// default grid, 1.0 … 3.5 in steps of 0.1).

/// <summary>Ordered (class 0) or disordered (class 1), for 8×8 lattices.</summary>
[Input(1, 8, 8)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(32), Activation(Act.ReLU)]
[Dense(2), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class PhaseNet8;

/// <summary>Ordered (class 0) or disordered (class 1), for 16×16 lattices.</summary>
[Input(1, 16, 16)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(32), Activation(Act.ReLU)]
[Dense(2), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class PhaseNet16;

/// <summary>Ordered (class 0) or disordered (class 1), for 32×32 lattices.</summary>
[Input(1, 32, 32)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(32), Activation(Act.ReLU)]
[Dense(2), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class PhaseNet32;

/// <summary>Tanaka &amp; Tomiya's variant for 8×8 lattices: which of the 26 temperatures a configuration came from.</summary>
[Input(1, 8, 8)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(26), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class TemperatureNet8;

/// <summary>Tanaka &amp; Tomiya's variant for 16×16 lattices.</summary>
[Input(1, 16, 16)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(26), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class TemperatureNet16;

/// <summary>Tanaka &amp; Tomiya's variant for 32×32 lattices.</summary>
[Input(1, 32, 32)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Conv2D(8, kernel: 3, Padding = Padding.Same), Activation(Act.ReLU), MaxPool2D(2)]
[Flatten]
[Dense(26), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class TemperatureNet32;

/// <summary>Creates the networks for a lattice size.</summary>
public static class IsingNetworks
{
    /// <summary>The lattice sizes that have networks.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [8, 16, 32];

    public static INetwork<float> Phase(int size, int seed) => size switch
    {
        8 => new PhaseNet8(seed),
        16 => new PhaseNet16(seed),
        32 => new PhaseNet32(seed),
        _ => throw Unsupported(size),
    };

    public static INetwork<float> Temperature(int size, int seed) => size switch
    {
        8 => new TemperatureNet8(seed),
        16 => new TemperatureNet16(seed),
        32 => new TemperatureNet32(seed),
        _ => throw Unsupported(size),
    };

    private static ArgumentOutOfRangeException Unsupported(int size) =>
        new(nameof(size), size, $"There are networks for L = {string.Join(", ", Sizes)}; for another size, declare a PhaseNet and a TemperatureNet with [Input(1, L, L)] in samples/Ising/Networks.cs.");
}
