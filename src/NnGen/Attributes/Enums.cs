namespace NnGen;

/// <summary>An activation function, applied element by element (Softmax over the whole vector).</summary>
public enum Act
{
    /// <summary>f(x) = x.</summary>
    Identity,
    /// <summary>f(x) = 1 / (1 + e^−x).</summary>
    Sigmoid,
    /// <summary>f(x) = tanh x.</summary>
    Tanh,
    /// <summary>f(x) = max(0, x).</summary>
    ReLU,
    /// <summary>f(x) = x for x &gt; 0, αx otherwise (α = <see cref="ActivationAttribute.Alpha"/>, 0.01 by default).</summary>
    LeakyReLU,
    /// <summary>f(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ; only as the last layer.</summary>
    Softmax,
    /// <summary>f(x) = 1 for x ≥ 0, 0 otherwise; its derivative is zero, so it cannot be trained by gradient descent.</summary>
    Step,
}

/// <summary>The loss a network is trained on; every loss is a mean over the batch.</summary>
public enum LossKind
{
    /// <summary>½|y − t|² per sample.</summary>
    MeanSquaredError,
    /// <summary>−Σ tᵢ log pᵢ, fused with a final Softmax (the gradient at the logits is p − t).</summary>
    CrossEntropy,
    /// <summary>−t log p − (1 − t) log(1 − p) per output, fused with a final Sigmoid (gradient p − t).</summary>
    BinaryCrossEntropy,
}

/// <summary>The floating-point type the generated network computes in.</summary>
public enum Precision
{
    /// <summary>32-bit <see cref="float"/>, the default.</summary>
    Single,
    /// <summary>64-bit <see cref="double"/>, for gradient checks and careful fits.</summary>
    Double,
}

/// <summary>How Conv2D pads its input with zeros on each side.</summary>
public enum Padding
{
    /// <summary>No padding: the kernel stays inside the input; out = ⌊(in − k) / s⌋ + 1.</summary>
    Valid,
    /// <summary>(k − 1) / 2 zeros on each side (odd kernels): at stride 1 the output has the input's size.</summary>
    Same,
    /// <summary>k − 1 zeros on each side: every partial overlap counts; at stride 1, out = in + k − 1.</summary>
    Full,
}
