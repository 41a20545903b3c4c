namespace NnGen;

/// <summary>Which part of MNIST to load.</summary>
public enum MnistSplit
{
    /// <summary>The 60 000 training images (files <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>).</summary>
    Train,

    /// <summary>The 10 000 test images (files <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>).</summary>
    Test,
}
