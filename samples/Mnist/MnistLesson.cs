using NnGen;
using Samples;

namespace Mnist;

/// <summary>Dense networks on MNIST: the lecture's recipe, and a ReLU network with Adam.</summary>
public static class MnistLesson
{
    /// <summary>784-50-10 with sigmoid hidden units, plain SGD (learning rate 0.1), mini-batches of 100.</summary>
    public static ClassificationResult Sigmoid(int epochs = 5, int? trainLimit = null, bool verbose = false) =>
        Train("784-50-10 sigmoid, SGD 0.1", new SigmoidMlp(seed: 1), epochs, trainLimit, new Sgd(0.1), batchSize: 100, verbose);

    /// <summary>784-128-10 with ReLU hidden units, Adam (learning rate 1e-3), mini-batches of 64.</summary>
    /// <param name="network">The network to train (a new one from seed 1 when null): pass one to keep its weights.</param>
    public static ClassificationResult Relu(int epochs = 5, int? trainLimit = null, bool verbose = false, ReluMlp? network = null) =>
        Train("784-128-10 ReLU, Adam 1e-3", network ?? new ReluMlp(seed: 1), epochs, trainLimit, new Adam(1e-3), batchSize: 64, verbose);

    private static ClassificationResult Train(string name, INetwork<float> network, int epochs, int? trainLimit, Optimizer optimizer,
        int batchSize, bool verbose) =>
        Classification.Run(name, network, NnGen.Mnist.Load<float>(MnistSplit.Train, trainLimit), NnGen.Mnist.Load<float>(MnistSplit.Test),
            new FitOptions { Epochs = epochs, BatchSize = batchSize, Optimizer = optimizer, Seed = 1, Verbose = verbose });
}
